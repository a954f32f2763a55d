package org.resnetspark.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's activation layer for a plain ReLU, writing each result once: forward {@code max(x, 0)}
 * straight into the output, backward the masked gradient straight into the input gradient. The
 * stock layer first copies its input (both ways) and then computes in place. Any other activation
 * (or a ReLU with a threshold, slope or cap) runs the stock code.
 */
public class FastReluLayer extends ActivationLayer {

  public FastReluLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private boolean covered() {
    return layerConf().getActivationFn() instanceof ActivationReLU relu
        && relu.equals(new ActivationReLU());
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!covered()) {
      return super.activate(training, workspaceMgr);
    }
    assertInputSet(false);
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
    Nd4j.exec(new RectifiedLinear(input, out));
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!covered()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray delta =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
    Nd4j.exec(new RectifiedLinearDerivative(input, epsilon, delta));
    return new Pair<>(new DefaultGradient(), delta);
  }
}
