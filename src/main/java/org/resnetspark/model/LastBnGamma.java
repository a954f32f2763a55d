package org.resnetspark.model;

/**
 * The initial scale (gamma) of the last batch normalisation in each residual branch of a
 * post-activation unit. Zero makes every residual block start as the identity, which Goyal et al.
 * 2017 ("Accurate, Large Minibatch SGD") found eases optimisation with large batches. Plain
 * networks have no identity path and pre-activation branches end with a convolution, so both keep
 * one there.
 */
public enum LastBnGamma {
  ZERO(0.0),
  ONE(1.0);

  private final double value;

  LastBnGamma(double value) {
    this.value = value;
  }

  public double value() {
    return value;
  }
}
