package org.resnetspark.config;

/** Which implementation runs the convolution layers of a network. */
public enum ConvolutionEngine {
  /** DL4J's own {@code ConvolutionLayer} and {@code BatchNormalization}. */
  STOCK,
  /**
   * The fast layers of {@code model.layers} ({@code FastConvolution}, {@code
   * FastBatchNormalization}, {@code FastRelu}, {@code FastBatchNormRelu} where a ReLU follows a
   * batch norm directly, and {@code FastAdd} for residual sums): the same parameters and math,
   * computed on dense NCHW arrays.
   */
  FAST;

  /** The name in configuration files. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
