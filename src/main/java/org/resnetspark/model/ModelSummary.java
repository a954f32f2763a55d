package org.resnetspark.model;

/**
 * A variant's size at given options: trainable parameters (BN running mean and variance excluded,
 * as torchvision's {@code num_params} counts them) and the multiply-adds of one forward pass of one
 * image through its convolutions and classifier.
 */
public record ModelSummary(
    String name, long trainableParams, long multiplyAdds, Variant variant, ModelOptions options) {

  /** Counts the network {@link ResNets#build} would build, without allocating it. */
  public static ModelSummary of(Variant variant, ModelOptions options) {
    CountingSink counts = new CountingSink(options);
    Topology.emit(variant, options, counts);
    return new ModelSummary(
        variant.name(), counts.trainableParams(), counts.multiplyAdds(), variant, options);
  }
}
