package org.resnetspark.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The activations a training step must keep from the forward pass until backprop reaches them,
 * computed from the layer shapes: the least memory per image any engine needs to train the net.
 *
 * <p>A convolution needs its input (for its weight gradient), batch norm its input (for the
 * gradient of the normalisation; its per-channel statistics are negligible), ReLU its output (the
 * mask of the positive values), max pooling its input, the classifier its input. An addition, the
 * option A shortcut and global average pooling need only shapes. A tensor several layers read (the
 * block's input, read by the first convolution and by the shortcut) counts once. Every value is a
 * 4-byte float.
 */
public record BackpropFloor(long floatsPerImage, long largestActivationFloats) {

  public static final int BYTES_PER_FLOAT = 4;

  public static BackpropFloor of(LayerPlan plan, ModelOptions options) {
    Map<String, long[]> shapes = new HashMap<>();
    shapes.put(LayerPlan.INPUT, new long[] {options.channels(), options.height(), options.width()});
    Set<String> kept = new HashSet<>();
    long largest = 0;
    for (PlannedLayer layer : plan.layers()) {
      long[] in = shapes.get(layer.inputs().get(0));
      long[] out = outputShape(layer, in);
      shapes.put(layer.name(), out);
      largest = Math.max(largest, elements(out));
      kept.addAll(savedFor(layer));
    }
    long floats = 0;
    for (String name : kept) {
      floats += elements(shapes.get(name));
    }
    return new BackpropFloor(floats, largest);
  }

  /** {@link #floatsPerImage} in bytes. */
  public long bytesPerImage() {
    return floatsPerImage * BYTES_PER_FLOAT;
  }

  /** Channels, height and width of a layer's output (padding keeps "same" size, then stride). */
  private static long[] outputShape(PlannedLayer layer, long[] in) {
    if (layer instanceof PlannedLayer.Conv c) {
      return strided(c.channels(), in, c.stride());
    } else if (layer instanceof PlannedLayer.MaxPool) {
      return strided(in[0], in, 2);
    } else if (layer instanceof PlannedLayer.ZeroPadShortcut z) {
      return strided(z.channels(), in, z.stride());
    } else if (layer instanceof PlannedLayer.GlobalAveragePool) {
      return new long[] {in[0], 1, 1};
    } else if (layer instanceof PlannedLayer.Classifier fc) {
      return new long[] {fc.classes(), 1, 1};
    }
    // Batch norm, ReLU and the addition keep their input's shape.
    return in;
  }

  /** The names of the tensors the layer's backward pass reads. */
  private static List<String> savedFor(PlannedLayer layer) {
    if (layer instanceof PlannedLayer.Relu) {
      return List.of(layer.name());
    } else if (layer instanceof PlannedLayer.Conv
        || layer instanceof PlannedLayer.BatchNorm
        || layer instanceof PlannedLayer.MaxPool
        || layer instanceof PlannedLayer.Classifier) {
      return layer.inputs();
    }
    return List.of();
  }

  private static long[] strided(long channels, long[] in, int stride) {
    return new long[] {channels, ceilDiv(in[1], stride), ceilDiv(in[2], stride)};
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static long elements(long[] shape) {
    return shape[0] * shape[1] * shape[2];
  }
}
