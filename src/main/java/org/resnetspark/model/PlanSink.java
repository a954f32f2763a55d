package org.resnetspark.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records each layer as a {@link PlannedLayer}, tracking channels so every layer knows its input.
 */
final class PlanSink implements LayerSink {

  private final List<PlannedLayer> layers = new ArrayList<>();
  private final Map<String, Integer> channels = new HashMap<>();

  PlanSink(ModelOptions options) {
    channels.put(Names.INPUT, options.channels());
  }

  LayerPlan plan(String output) {
    return new LayerPlan(layers, output);
  }

  @Override
  public String conv(String name, String input, int kernel, int stride, int out) {
    return add(new PlannedLayer.Conv(name, input, channels(input), out, kernel, stride), out);
  }

  @Override
  public String batchNorm(String name, String input, double gamma) {
    int c = channels(input);
    return add(
        new PlannedLayer.BatchNorm(
            name, input, c, gamma, BatchNormSettings.DECAY, BatchNormSettings.EPSILON),
        c);
  }

  @Override
  public String relu(String name, String input) {
    return add(new PlannedLayer.Relu(name, input), channels(input));
  }

  @Override
  public String add(String name, String left, String right) {
    return add(new PlannedLayer.Add(name, left, right), channels(left));
  }

  @Override
  public String maxPool(String name, String input) {
    return add(new PlannedLayer.MaxPool(name, input), channels(input));
  }

  @Override
  public String zeroPadShortcut(Names names, String input, int stride, int out) {
    return add(
        new PlannedLayer.ZeroPadShortcut(names.pad(), input, stride, channels(input), out), out);
  }

  @Override
  public String globalAveragePool(String name, String input) {
    return add(new PlannedLayer.GlobalAveragePool(name, input), channels(input));
  }

  @Override
  public String classifier(String name, String input, int classes) {
    return add(new PlannedLayer.Classifier(name, input, channels(input), classes), classes);
  }

  private int channels(String input) {
    Integer c = channels.get(input);
    if (c == null) {
      throw new IllegalStateException("Layer input " + input + " is not defined yet");
    }
    return c;
  }

  private String add(PlannedLayer layer, int outChannels) {
    if (channels.putIfAbsent(layer.name(), outChannels) != null) {
      throw new IllegalStateException("Duplicate layer name " + layer.name());
    }
    layers.add(layer);
    return layer.name();
  }
}
