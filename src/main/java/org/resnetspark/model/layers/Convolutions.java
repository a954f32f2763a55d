package org.resnetspark.model.layers;

import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;
import org.resnetspark.config.ConvolutionEngine;

/**
 * The one place a network's convolution (and batch norm and ReLU) layers are made, so one {@link
 * ConvolutionEngine} switches all of them. Every layer is square with padding {@code kernel / 2}
 * (the ResNet papers' layers under {@code ConvolutionMode.Truncate}) and an identity activation.
 */
public final class Convolutions {

  private final ConvolutionEngine engine;

  private Convolutions(ConvolutionEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  public static Convolutions of(ConvolutionEngine engine) {
    return new Convolutions(engine);
  }

  public ConvolutionEngine engine() {
    return engine;
  }

  /**
   * A builder with kernel, stride, padding and identity activation set, for callers that add their
   * own options (weight init, regularisation, bias) before {@code build()}; {@code build()} returns
   * a stock or a fast layer according to the engine.
   */
  public ConvolutionLayer.Builder builder(int kernel, int stride) {
    ConvolutionLayer.Builder builder =
        engine == ConvolutionEngine.FAST
            ? new FastConvolution.Builder(kernel, kernel)
            : new ConvolutionLayer.Builder(kernel, kernel);
    return builder
        .stride(stride, stride)
        .padding(kernel / 2, kernel / 2)
        .activation(Activation.IDENTITY);
  }

  /** A convolution without bias, as before a batch norm. */
  public ConvolutionLayer conv(int kernel, int stride, int nIn, int nOut) {
    return builder(kernel, stride).nIn(nIn).nOut(nOut).hasBias(false).build();
  }

  /**
   * The batch norm that goes with this engine's convolutions: {@code stock} itself, or a {@link
   * FastBatchNormalization} with every setting of {@code stock}.
   */
  public BatchNormalization batchNorm(BatchNormalization stock) {
    return engine == ConvolutionEngine.FAST ? FastBatchNormalization.of(stock) : stock;
  }

  /**
   * Batch norm and ReLU as one layer where this engine has one: a {@link FastBatchNormRelu} with
   * every setting of {@code stock}; empty for the stock engine, whose networks keep DL4J's two
   * layers.
   */
  public Optional<BatchNormalization> batchNormRelu(BatchNormalization stock) {
    return engine == ConvolutionEngine.FAST
        ? Optional.of(FastBatchNormRelu.of(stock))
        : Optional.empty();
  }

  /** A ReLU layer: DL4J's {@code ActivationLayer}, or a {@link FastRelu}. */
  public ActivationLayer relu() {
    return engine == ConvolutionEngine.FAST
        ? new FastRelu()
        : new ActivationLayer.Builder().activation(Activation.RELU).build();
  }

  /**
   * A residual sum, rectified if {@code relu}, as one vertex where this engine has one: a {@link
   * FastAdd}, which may write the sum into its first input; empty for the stock engine, whose
   * networks keep DL4J's sum vertex and ReLU layer.
   */
  public Optional<GraphVertex> residualSum(boolean relu) {
    return engine == ConvolutionEngine.FAST ? Optional.of(new FastAdd(relu)) : Optional.empty();
  }

  /** A convolution with a learned bias per output channel. */
  public ConvolutionLayer convWithBias(int kernel, int stride, int nIn, int nOut) {
    return builder(kernel, stride).nIn(nIn).nOut(nOut).hasBias(true).build();
  }
}
