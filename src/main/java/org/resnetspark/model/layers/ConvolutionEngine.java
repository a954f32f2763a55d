package org.resnetspark.model.layers;

/** Which implementation runs the convolution layers of a network. */
public enum ConvolutionEngine {
  /** DL4J's own {@code ConvolutionLayer}. */
  STOCK,
  /** {@link FastConvolution}: the same parameters and math, computed by {@link ConvKernel}. */
  FAST
}
