package org.resnetspark.model;

/**
 * A variant's size at a given input: trainable parameters (BN running mean and variance excluded,
 * as torchvision's {@code num_params} counts them) and the multiply-adds of one forward pass
 * through its convolutions and classifier.
 */
public record ModelSummary(
    String name,
    int depth,
    Family family,
    ModelOptions options,
    long trainableParams,
    long multiplyAdds) {

  /** Counts the network {@link ResNets#build} would build, without allocating it. */
  public static ModelSummary of(Variant variant, ModelOptions options) {
    CountingSink counts = new CountingSink(options);
    Topology.emit(variant, options, counts);
    return new ModelSummary(
        variant.name(),
        variant.depth(),
        variant.family(),
        options,
        counts.trainableParams(),
        counts.multiplyAdds());
  }
}
