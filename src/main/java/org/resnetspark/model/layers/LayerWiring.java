package org.resnetspark.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every layer configuration's {@code instantiate} does to its new layer, in DL4J's order. */
final class LayerWiring {

  private LayerWiring() {}

  static <L extends Layer> L wire(
      L layer,
      NeuralNetConfiguration conf,
      ParamInitializer initializer,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams) {
    layer.setListeners(trainingListeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    layer.setParamTable(initializer.init(conf, layerParamsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }
}
