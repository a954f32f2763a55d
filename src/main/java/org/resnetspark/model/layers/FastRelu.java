package org.resnetspark.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A ReLU {@link ActivationLayer} configuration whose layer runs on {@link FastReluLayer}: no
 * parameters, and the same JSON as the stock layer apart from the class name.
 */
public class FastRelu extends ActivationLayer {

  /** A ReLU layer; also for JSON deserialisation. */
  public FastRelu() {
    setActivationFn(Activation.RELU.getActivationFunction());
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    return LayerWiring.wire(
        new FastReluLayer(conf, networkDataType),
        conf,
        initializer(),
        trainingListeners,
        layerIndex,
        layerParamsView,
        initializeParams);
  }

  @Override
  public FastRelu clone() {
    return (FastRelu) super.clone();
  }

  // The stock equals accepts any ActivationLayer; a stock and a fast layer must not be equal.
  @Override
  public boolean equals(Object other) {
    return other instanceof FastRelu && super.equals(other);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + FastRelu.class.hashCode();
  }
}
