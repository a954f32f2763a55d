package org.resnetspark.model.layers;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FastBatchNormalizationLayer} with ReLU applied in the same pass: {@code max(x * scale +
 * shift, 0)} forward, and backward the batch norm's gradients of {@code epsilon} where that value
 * is positive. Against a batch norm layer and a ReLU layer, the network keeps one activation
 * instead of two (DL4J keeps every layer's output until backprop ends, and the batch norm's output
 * is read by no backward pass) and makes two passes over the data fewer each way. Backprop reads
 * the layer's input, which batch norm needs anyway, and computes the mask again from it.
 *
 * <p>Inputs the fast code does not cover (dense, NHWC, fixed gamma and beta) run the stock batch
 * norm and a separate ReLU, recomputing the normalised values in backprop.
 */
public class FastBatchNormReluLayer extends FastBatchNormalizationLayer {

  public FastBatchNormReluLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  void forward(
      FloatBuffer x,
      FloatBuffer y,
      int batch,
      int channels,
      int plane,
      BatchNormKernel.Affine affine) {
    BatchNormKernel.affineRelu(x, y, batch, channels, plane, affine.scale(), affine.shift());
  }

  @Override
  void backward(
      Statistics statistics,
      FloatBuffer x,
      FloatBuffer dy,
      FloatBuffer dx,
      int batch,
      int channels,
      int plane,
      float[] gamma,
      float[] dGamma,
      float[] dBeta) {
    BatchNormKernel.backwardRectified(
        x,
        dy,
        dx,
        batch,
        channels,
        plane,
        statistics.mean(),
        statistics.std(),
        gamma,
        affine(statistics.mean(), statistics.var()),
        dGamma,
        dBeta);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray out = super.activate(training, workspaceMgr);
    if (!covered(input)) {
      Nd4j.exec(new RectifiedLinear(out, out));
    }
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (covered(input) && epsilon.rank() == 4) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    // The stock code's normalised values again, outside any workspace, for the ReLU's mask.
    INDArray mask = preOutput(input, TrainingMode.TRAIN, LayerWorkspaceMgr.noWorkspaces());
    Nd4j.exec(new Step(mask, mask, 0.0));
    return super.backpropGradient(mask.muli(epsilon.castTo(mask.dataType())), workspaceMgr);
  }
}
