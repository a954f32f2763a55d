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
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's activation layer for a plain ReLU, writing straight into its result: forward {@code max(x,
 * 0)} into the output, backward {@code epsilon * (x > 0)} into the input gradient. The stock layer
 * first copies its input (both ways) and then computes in place. Any other activation (or a ReLU
 * with a threshold, slope or cap) runs the stock code.
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
    // delta = epsilon * (input > 0): two light elementwise passes, about twice as fast as relu_bp.
    // (A non-finite epsilon where the unit is off gives NaN here where relu_bp gives 0.)
    Nd4j.exec(new Step(input, delta, 0.0));
    delta.muli(epsilon);
    return new Pair<>(new DefaultGradient(), delta);
  }
}
