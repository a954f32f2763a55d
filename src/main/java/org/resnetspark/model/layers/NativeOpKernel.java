package org.resnetspark.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The libnd4j {@code conv2d} / {@code conv2d_bp} operations, which run on oneDNN when ND4J's native
 * library was built with it and on libnd4j's generic code otherwise.
 */
final class NativeOpKernel implements ConvKernel {

  @Override
  public void forward(
      ConvGeometry g, INDArray input, INDArray weights, INDArray bias, INDArray output) {
    DynamicCustomOp.DynamicCustomOpsBuilder op =
        DynamicCustomOp.builder("conv2d").addOutputs(output).addIntegerArguments(args(g));
    if (bias == null) {
      op.addInputs(input, weights);
    } else {
      op.addInputs(input, weights, bias.reshape(bias.length()));
    }
    Nd4j.exec(op.build());
  }

  @Override
  public void backward(
      ConvGeometry g,
      INDArray input,
      INDArray weights,
      INDArray outputGrad,
      INDArray inputGrad,
      INDArray weightGrad,
      INDArray biasGrad) {
    DynamicCustomOp.DynamicCustomOpsBuilder op =
        DynamicCustomOp.builder("conv2d_bp").addIntegerArguments(args(g));
    if (biasGrad == null) {
      op.addInputs(input, weights, outputGrad).addOutputs(inputGrad, weightGrad);
    } else {
      INDArray zeroBias = Nd4j.zeros(weights.dataType(), biasGrad.length());
      op.addInputs(input, weights, zeroBias, outputGrad)
          .addOutputs(inputGrad, weightGrad, biasGrad.reshape(biasGrad.length()));
    }
    Nd4j.exec(op.build());
  }

  // libnd4j derives "Same" padding itself, by the same rule as DL4J; NCHW data, weights [out, in,
  // kH, kW].
  private static int[] args(ConvGeometry g) {
    return new int[] {
      g.kernelH(),
      g.kernelW(),
      g.strideH(),
      g.strideW(),
      g.padTop(),
      g.padLeft(),
      1,
      1,
      g.sameMode() ? 1 : 0,
      0,
      1
    };
  }
}
