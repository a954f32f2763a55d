package org.resnetspark.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fast layer against DL4J's stock layer with the same parameters and input: outputs, input
 * gradients, weight and bias gradients agree to float rounding.
 */
class FastConvolutionEquivalenceTest {

  private static final double TOLERANCE = 1e-4;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    int[][] kernelStride = {{1, 1}, {1, 2}, {3, 1}, {3, 2}, {7, 2}};
    for (int[] ks : kernelStride) {
      for (ConvolutionMode mode :
          new ConvolutionMode[] {ConvolutionMode.Truncate, ConvolutionMode.Same}) {
        for (int batch : new int[] {1, 6}) {
          cases.add(Arguments.of(ks[0], ks[1], mode, batch, false, Activation.IDENTITY));
        }
        cases.add(Arguments.of(ks[0], ks[1], mode, 1, true, Activation.IDENTITY));
      }
    }
    // Bias, a non-identity activation, odd sizes and channel counts.
    cases.add(Arguments.of(3, 1, ConvolutionMode.Truncate, 4, true, Activation.IDENTITY));
    cases.add(Arguments.of(3, 2, ConvolutionMode.Same, 3, true, Activation.RELU));
    cases.add(Arguments.of(5, 1, ConvolutionMode.Truncate, 2, false, Activation.TANH));
    // More images than one product takes (groups of 8 here, the last one short): pointwise and 3x3.
    cases.add(Arguments.of(1, 1, ConvolutionMode.Truncate, 10, true, Activation.IDENTITY));
    cases.add(Arguments.of(3, 1, ConvolutionMode.Same, 10, false, Activation.IDENTITY));
    // Every case on both kernels.
    return cases.stream()
        .flatMap(
            c ->
                Stream.of("onednn", "gemm")
                    .map(
                        kernel -> {
                          Object[] args = c.get();
                          Object[] withKernel = java.util.Arrays.copyOf(args, args.length + 1);
                          withKernel[args.length] = kernel;
                          return Arguments.of(withKernel);
                        }));
  }

  @ParameterizedTest(name = "k{0} s{1} {2} batch {3} bias {4} {5} {6}")
  @MethodSource("cases")
  void matchesStockLayer(
      int kernel,
      int stride,
      ConvolutionMode mode,
      int batch,
      boolean bias,
      Activation act,
      String convKernel) {
    FastConvolutionLayer.useKernel(ConvKernels.choose(convKernel, ConvKernels.oneDnnLoaded()));
    try {
      compare(kernel, stride, mode, batch, bias, act);
    } finally {
      FastConvolutionLayer.useKernel(null);
    }
  }

  private static void compare(
      int kernel, int stride, ConvolutionMode mode, int batch, boolean bias, Activation act) {
    int nIn = 5;
    int nOut = 7;
    int height = 13;
    int width = 11;
    ConvolutionLayer stockConf =
        configure(
            new ConvolutionLayer.Builder(kernel, kernel),
            kernel,
            stride,
            mode,
            nIn,
            nOut,
            bias,
            act);
    ConvolutionLayer fastConf =
        configure(
            new FastConvolution.Builder(kernel, kernel),
            kernel,
            stride,
            mode,
            nIn,
            nOut,
            bias,
            act);
    long paramCount = (long) nOut * nIn * kernel * kernel + (bias ? nOut : 0);
    INDArray params = Nd4j4Test.uniform(1, DataType.FLOAT, 1, paramCount).muli(0.3);
    Layer stock = LayerPair.instantiate(stockConf, mode, DataType.FLOAT, params);
    Layer fast = LayerPair.instantiate(fastConf, mode, DataType.FLOAT, params);
    assertThat(fast).isInstanceOf(FastConvolutionLayer.class);

    INDArray input = Nd4j4Test.uniform(2, DataType.FLOAT, batch, nIn, height, width);
    INDArray probe =
        stock.activate(
            input.dup(), false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
    INDArray outputGrad = Nd4j4Test.uniform(3, DataType.FLOAT, probe.shape());

    LayerPair.Pass expected = LayerPair.run(stock, input, outputGrad);
    LayerPair.Pass actual = LayerPair.run(fast, input, outputGrad);

    assertThat(actual.output().shape()).isEqualTo(expected.output().shape());
    assertThat(Nd4j4Test.relativeError(actual.output(), expected.output())).isLessThan(TOLERANCE);
    assertThat(actual.inputGrad().shape()).isEqualTo(expected.inputGrad().shape());
    assertThat(Nd4j4Test.relativeError(actual.inputGrad(), expected.inputGrad()))
        .isLessThan(TOLERANCE);
    String w = ConvolutionParamInitializer.WEIGHT_KEY;
    assertThat(
            Nd4j4Test.relativeError(
                actual.gradient().getGradientFor(w), expected.gradient().getGradientFor(w)))
        .isLessThan(TOLERANCE);
    if (bias) {
      String b = ConvolutionParamInitializer.BIAS_KEY;
      assertThat(
              Nd4j4Test.relativeError(
                  actual.gradient().getGradientFor(b), expected.gradient().getGradientFor(b)))
          .isLessThan(TOLERANCE);
    }
  }

  private static ConvolutionLayer configure(
      ConvolutionLayer.Builder builder,
      int kernel,
      int stride,
      ConvolutionMode mode,
      int nIn,
      int nOut,
      boolean bias,
      Activation act) {
    builder
        .stride(stride, stride)
        .nIn(nIn)
        .nOut(nOut)
        .hasBias(bias)
        .activation(act)
        .convolutionMode(mode);
    if (mode == ConvolutionMode.Truncate) {
      builder.padding(kernel / 2, kernel / 2);
    }
    return builder.build();
  }
}
