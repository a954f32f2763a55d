package org.resnetspark.model;

import java.util.List;

/**
 * A network as the ordered list of its layers, each after the layers it reads, and the name of its
 * output (the classifier's logits). {@link ResNets#plan} makes it from the same {@link Topology} as
 * the DL4J graph.
 */
public record LayerPlan(List<PlannedLayer> layers, String output) {

  /** The name the first layer reads the images by. */
  public static final String INPUT = Names.INPUT;

  public LayerPlan {
    layers = List.copyOf(layers);
  }

  /** Convolution weights, BN scales and shifts, classifier weights and biases. */
  public long trainableParams() {
    long total = 0;
    for (PlannedLayer layer : layers) {
      if (layer instanceof PlannedLayer.Conv c) {
        total += c.weights();
      } else if (layer instanceof PlannedLayer.BatchNorm bn) {
        total += 2L * bn.channels();
      } else if (layer instanceof PlannedLayer.Classifier fc) {
        total += (long) fc.features() * fc.classes() + fc.classes();
      }
    }
    return total;
  }
}
