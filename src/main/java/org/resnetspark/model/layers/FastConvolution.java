package org.resnetspark.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link ConvolutionLayer} configuration whose layer runs on {@link FastConvolutionLayer}.
 * It has the same fields, parameters (names, shapes, order) and output shape as the stock layer, so
 * a network saves and loads the same way; in JSON it differs only by its class name, which Jackson
 * resolves on every JVM that has this jar.
 */
public class FastConvolution extends ConvolutionLayer {

  /** For JSON deserialisation. */
  public FastConvolution() {}

  private FastConvolution(Builder builder) {
    super(builder);
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    LayerValidation.assertNInNOutSet(
        "FastConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
    return LayerWiring.wire(
        new FastConvolutionLayer(conf, networkDataType),
        conf,
        initializer(),
        trainingListeners,
        layerIndex,
        layerParamsView,
        initializeParams);
  }

  @Override
  public FastConvolution clone() {
    return (FastConvolution) super.clone();
  }

  // The stock equals accepts any ConvolutionLayer; a stock and a fast layer must not be equal.
  @Override
  public boolean equals(Object other) {
    return other instanceof FastConvolution && super.equals(other);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + FastConvolution.class.hashCode();
  }

  /** Takes every option of the stock builder. */
  public static class Builder extends ConvolutionLayer.Builder {

    public Builder(int... kernelSize) {
      super(kernelSize);
    }

    @Override
    public FastConvolution build() {
      ConvolutionUtils.validateConvolutionModePadding(convolutionMode, padding);
      ConvolutionUtils.validateCnnKernelStridePadding(kernelSize, stride, padding);
      return new FastConvolution(this);
    }
  }
}
