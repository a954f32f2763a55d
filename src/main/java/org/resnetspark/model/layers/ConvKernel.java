package org.resnetspark.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Computes a convolution and its two gradients on contiguous NCHW arrays. */
interface ConvKernel {

  /** {@code output = conv(input, weights) + bias}; {@code bias} may be null. */
  void forward(ConvGeometry g, INDArray input, INDArray weights, INDArray bias, INDArray output);

  /**
   * Writes the input gradient into {@code inputGrad}, the weight gradient into {@code weightGrad}
   * and, when not null, the bias gradient into {@code biasGrad}; all are overwritten.
   */
  void backward(
      ConvGeometry g,
      INDArray input,
      INDArray weights,
      INDArray outputGrad,
      INDArray inputGrad,
      INDArray weightGrad,
      INDArray biasGrad);
}
