package org.resnetspark.model;

/**
 * The two residual building blocks of He et al. 2015 (Figure 5): two 3x3 convolutions, or the
 * bottleneck 1x1-3x3-1x1 whose last convolution expands the channels four times.
 */
public enum Block {
  BASIC(1, 2),
  BOTTLENECK(4, 3);

  private final int expansion;
  private final int convolutions;

  Block(int expansion, int convolutions) {
    this.expansion = expansion;
    this.convolutions = convolutions;
  }

  /** Output channels of a block divided by its stage width. */
  public int expansion() {
    return expansion;
  }

  /** Weighted layers in one block; they count towards the depth in a variant's name. */
  public int convolutions() {
    return convolutions;
  }
}
