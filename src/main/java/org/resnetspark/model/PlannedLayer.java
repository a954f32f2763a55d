package org.resnetspark.model;

import java.util.List;

/**
 * One layer of a {@link LayerPlan}: what it computes, the name it is read by and the names it
 * reads, with every size an engine needs to allocate it (input channels included). Engines other
 * than DL4J build their network from these, so they build the one {@link Topology} describes.
 */
public sealed interface PlannedLayer {

  /** The name later layers read this layer's output by. */
  String name();

  /** The names of the layers (or the input) this layer reads. */
  List<String> inputs();

  /** A square convolution without bias, padding {@code kernel / 2}; its weights are decayed. */
  record Conv(String name, String input, int inChannels, int channels, int kernel, int stride)
      implements PlannedLayer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }

    long weights() {
      return (long) inChannels * channels * kernel * kernel;
    }
  }

  /**
   * Batch normalisation with learned scale (starting at {@code gamma}) and shift, never decayed.
   * {@code decay} is DL4J's convention: running = decay * running + (1 - decay) * batch.
   */
  record BatchNorm(
      String name, String input, int channels, double gamma, double decay, double epsilon)
      implements PlannedLayer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  record Relu(String name, String input) implements PlannedLayer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  record Add(String name, String left, String right) implements PlannedLayer {
    @Override
    public List<String> inputs() {
      return List.of(left, right);
    }
  }

  /** The 3x3 stride-2 max pool of the ImageNet stem, padding 1. */
  record MaxPool(String name, String input) implements PlannedLayer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  /**
   * Shortcut option A: every {@code stride}-th pixel, its {@code inChannels} channels followed by
   * zero channels up to {@code channels}.
   */
  record ZeroPadShortcut(String name, String input, int stride, int inChannels, int channels)
      implements PlannedLayer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  record GlobalAveragePool(String name, String input) implements PlannedLayer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  /**
   * The fully connected layer with bias, followed by softmax and cross-entropy; its weights are
   * decayed, its bias not.
   */
  record Classifier(String name, String input, int features, int classes) implements PlannedLayer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }
}
