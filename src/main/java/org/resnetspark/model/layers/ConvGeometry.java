package org.resnetspark.model.layers;

/**
 * The shape of one 2-D convolution over an NCHW minibatch: weights {@code [outChannels, inChannels,
 * kernelH, kernelW]}, top/left padding, and the output size already computed by DL4J's rules for
 * the layer's convolution mode (bottom/right padding is whatever makes that size; {@code sameMode}
 * says DL4J's "Same" mode chose it).
 */
record ConvGeometry(
    long batch,
    long inChannels,
    int inH,
    int inW,
    long outChannels,
    int outH,
    int outW,
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int padTop,
    int padLeft,
    boolean sameMode) {

  long[] inputShape() {
    return new long[] {batch, inChannels, inH, inW};
  }

  long[] outputShape() {
    return new long[] {batch, outChannels, outH, outW};
  }

  /** Rows of the patch matrix: one per weight of a filter. */
  long patchSize() {
    return inChannels * kernelH * kernelW;
  }

  /** A 1x1 stride-1 unpadded convolution is a plain matrix product over the pixels. */
  boolean isPointwise() {
    return kernelH == 1
        && kernelW == 1
        && strideH == 1
        && strideW == 1
        && padTop == 0
        && padLeft == 0;
  }
}
