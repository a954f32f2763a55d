package org.resnetspark.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolution through libnd4j's {@code conv2d} and {@code conv2d_bp} operations, which the oneDNN
 * build of libnd4j runs as oneDNN's direct, Winograd and 1x1 kernels (just-in-time compiled for the
 * CPU's widest vector unit). Weights stay in DL4J's {@code [out, in, kH, kW]} order and activations
 * in NCHW, so nothing is copied on the Java side.
 */
final class OneDnnKernel implements ConvKernel {

  private static final int NCHW = 0;
  private static final int WEIGHTS_OIHW = 1;

  @Override
  public void forward(
      ConvGeometry g, INDArray input, INDArray weights, INDArray bias, INDArray output) {
    DynamicCustomOp.DynamicCustomOpsBuilder op =
        DynamicCustomOp.builder("conv2d").addIntegerArguments(arguments(g)).addOutputs(output);
    if (bias != null) {
      op.addInputs(input, weights, bias.reshape(bias.length()));
    } else {
      op.addInputs(input, weights);
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
        DynamicCustomOp.builder("conv2d_bp").addIntegerArguments(arguments(g));
    INDArray dW = Buffers.isDenseFloat(weightGrad) ? weightGrad : weightGrad.dup('c');
    if (biasGrad != null) {
      INDArray b = biasGrad.reshape(biasGrad.length());
      op.addInputs(input, weights, Nd4j.zeros(b.dataType(), b.length()), outputGrad)
          .addOutputs(inputGrad, dW, b);
    } else {
      op.addInputs(input, weights, outputGrad).addOutputs(inputGrad, dW);
    }
    Nd4j.exec(op.build());
    if (dW != weightGrad) {
      weightGrad.assign(dW);
    }
  }

  private static int[] arguments(ConvGeometry g) {
    int paddingMode = g.sameMode() ? 1 : 0;
    return new int[] {
      g.kernelH(),
      g.kernelW(),
      g.strideH(),
      g.strideW(),
      g.padTop(),
      g.padLeft(),
      1,
      1,
      paddingMode,
      NCHW,
      WEIGHTS_OIHW
    };
  }
}
