package org.resnetspark.model.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's convolution layer with the convolution and its gradients computed by a {@link ConvKernel}
 * on contiguous NCHW arrays. Everything else (parameters, dropout, weight noise, activation,
 * workspaces) is the stock layer's. Two costs of the stock layer go away: its im2col into a
 * permuted view with a non-contiguous output, and the second forward pass it runs in backprop even
 * when the activation is the identity (as it is before every batch norm). The kernel is chosen by
 * {@link ConvKernels}. Configurations the kernel does not cover (NHWC, dilation) run the stock
 * code.
 */
public class FastConvolutionLayer extends ConvolutionLayer {

  public FastConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private boolean covered() {
    org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
    return dataType == DataType.FLOAT
        && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
        && Arrays.stream(c.getDilation()).allMatch(d -> d == 1);
  }

  @Override
  protected Pair<INDArray, INDArray> preOutput(
      boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
    if (!covered()) {
      return super.preOutput(training, forBackprop, workspaceMgr);
    }
    assertInputSet(false);
    validateInputRank();
    INDArray weights =
        getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
    INDArray bias =
        layerConf().hasBias()
            ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr)
            : null;
    validateInputDepth(weights.size(1));
    INDArray in = contiguous(input.castTo(dataType));
    ConvGeometry g = geometry(in, weights);
    INDArray output =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, g.outputShape(), 'c');
    kernel().forward(g, in, contiguous(weights), bias, output);
    return new Pair<>(output, null);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!covered()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray weights =
        getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
    INDArray in = contiguous(input.castTo(dataType));
    ConvGeometry g = geometry(in, weights);
    IActivation activation = layerConf().getActivationFn();
    INDArray delta = epsilon.castTo(dataType);
    if (!(activation instanceof ActivationIdentity)) {
      INDArray z = preOutput(true, true, workspaceMgr).getFirst();
      delta = activation.backprop(z, delta).getFirst();
    }
    INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    INDArray biasGrad =
        layerConf().hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
    INDArray inputGrad =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, g.inputShape(), 'c');
    kernel()
        .backward(g, in, contiguous(weights), contiguous(delta), inputGrad, weightGrad, biasGrad);

    Gradient gradient = new DefaultGradient();
    if (biasGrad != null) {
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
    }
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
    weightNoiseParams.clear();
    return new Pair<>(gradient, backpropDropOutIfPresent(inputGrad));
  }

  /** The kernel of this JVM, or the one a test set with {@link #useKernel}. */
  private static ConvKernel kernel() {
    ConvKernel forced = forcedKernel;
    return forced != null ? forced : ConvKernels.selected();
  }

  private static volatile ConvKernel forcedKernel;

  /** For tests: run every fast layer on {@code kernel}; null restores the JVM's choice. */
  static void useKernel(ConvKernel kernel) {
    forcedKernel = kernel;
  }

  private ConvGeometry geometry(INDArray in, INDArray weights) {
    org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
    int[] kernel = c.getKernelSize();
    int[] stride = c.getStride();
    int[] dilation = c.getDilation();
    int inH = (int) in.size(2);
    int inW = (int) in.size(3);
    boolean same = convolutionMode == ConvolutionMode.Same;
    int[] pad;
    int[] out;
    if (same) {
      out =
          ConvolutionUtils.getOutputSize(
              in, kernel, stride, null, convolutionMode, dilation, CNN2DFormat.NCHW);
      pad =
          ConvolutionUtils.getSameModeTopLeftPadding(
              out, new int[] {inH, inW}, kernel, stride, dilation);
    } else {
      pad = c.getPadding();
      out =
          ConvolutionUtils.getOutputSize(
              in, kernel, stride, pad, convolutionMode, dilation, CNN2DFormat.NCHW);
    }
    return new ConvGeometry(
        in.size(0),
        weights.size(1),
        inH,
        inW,
        weights.size(0),
        out[0],
        out[1],
        kernel[0],
        kernel[1],
        stride[0],
        stride[1],
        pad[0],
        pad[1],
        same);
  }

  private static INDArray contiguous(INDArray a) {
    return Buffers.isDenseFloat(a) ? a : a.dup('c');
  }
}
