package org.resnetspark.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One layer configuration instantiated on its own, with given parameters, outside a network. */
final class LayerPair {

  private LayerPair() {}

  static Layer instantiate(
      org.deeplearning4j.nn.conf.layers.Layer layerConf,
      ConvolutionMode mode,
      DataType type,
      INDArray params) {
    NeuralNetConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .dataType(type)
            .convolutionMode(mode)
            .layer(layerConf)
            .build();
    long count = conf.getLayer().initializer().numParams(conf);
    Layer layer =
        conf.getLayer().instantiate(conf, null, 0, Nd4j4Test.zeros(type, count), true, type);
    layer.setParams(params.dup());
    layer.setBackpropGradientsViewArray(Nd4j4Test.zeros(type, count));
    return layer;
  }

  /** Output, input gradient and parameter gradients of one forward and backward pass. */
  record Pass(INDArray output, INDArray inputGrad, Gradient gradient) {}

  static Pass run(Layer layer, INDArray input, INDArray outputGrad) {
    LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
    INDArray output = layer.activate(input.dup(), true, ws).dup();
    Pair<Gradient, INDArray> back = layer.backpropGradient(outputGrad.dup(), ws);
    return new Pass(output, back.getSecond().dup(), back.getFirst());
  }
}
