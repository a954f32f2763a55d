package org.resnetspark.model.layers;

/** Which implementation runs the convolution layers of a network. */
public enum ConvolutionEngine {
  /** DL4J's own {@code ConvolutionLayer} and {@code BatchNormalization}. */
  STOCK,
  /**
   * {@link FastConvolution} and {@link FastBatchNormalization}: the same parameters and math,
   * computed on dense NCHW arrays by {@link GemmKernel} and {@link BatchNormKernel}.
   */
  FAST
}
