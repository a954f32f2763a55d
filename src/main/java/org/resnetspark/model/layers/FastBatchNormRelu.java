package org.resnetspark.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation followed by ReLU as one layer ({@link FastBatchNormReluLayer}): the
 * parameters, running statistics and settings of the batch norm it replaces (a network of these
 * holds the same parameter vector as one with the two layers), and a ReLU activation, which its
 * JSON shows. DL4J's own batch norm layer ignores its activation; this one applies it.
 */
public class FastBatchNormRelu extends FastBatchNormalization {

  /** For JSON deserialisation. */
  public FastBatchNormRelu() {
    setActivationFn(Activation.RELU.getActivationFunction());
  }

  /** The fused twin of a stock batch norm configuration, every field copied. */
  public static FastBatchNormRelu of(BatchNormalization stock) {
    FastBatchNormRelu fused = copy(stock, new FastBatchNormRelu());
    fused.setActivationFn(Activation.RELU.getActivationFunction());
    return fused;
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    LayerValidation.assertNOutSet("FastBatchNormRelu", getLayerName(), layerIndex, getNOut());
    return LayerWiring.wire(
        new FastBatchNormReluLayer(conf, networkDataType),
        conf,
        initializer(),
        trainingListeners,
        layerIndex,
        layerParamsView,
        initializeParams);
  }

  @Override
  public FastBatchNormRelu clone() {
    return (FastBatchNormRelu) super.clone();
  }
}
