package org.resnetspark.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fast batch norm against DL4J's with the same parameters: training and inference outputs,
 * input gradients, gamma/beta gradients and the running-statistics steps agree to float rounding.
 */
class FastBatchNormalizationEquivalenceTest {

  private static final double TOLERANCE = 1e-4;
  private static final int CHANNELS = 6;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(1, 5, 7, true, 0.5),
        Arguments.of(8, 5, 7, true, 0.5),
        Arguments.of(8, 1, 1, true, 0.5),
        Arguments.of(3, 4, 4, false, 0.5),
        // Planes longer than the unrolled sums, with a remainder; a mean far from zero.
        Arguments.of(4, 16, 16, true, 0.5),
        Arguments.of(2, 13, 11, false, 100.0));
  }

  @ParameterizedTest(name = "batch {0} {1}x{2} logStd {3} mean {4}")
  @MethodSource("cases")
  void matchesStockLayer(int batch, int height, int width, boolean logStd, double offset) {
    BatchNormalization stockConf =
        new BatchNormalization.Builder().nIn(CHANNELS).nOut(CHANNELS).useLogStd(logStd).build();
    FastBatchNormalization fastConf = FastBatchNormalization.of(stockConf);
    INDArray params = Nd4j4Test.uniform(11, DataType.FLOAT, 1, 4L * CHANNELS);
    // gamma, beta, running mean free; the running variance (or log10 std) must stay positive.
    INDArray spread =
        params.get(
            org.nd4j.linalg.indexing.NDArrayIndex.point(0),
            org.nd4j.linalg.indexing.NDArrayIndex.interval(3 * CHANNELS, 4 * CHANNELS));
    if (!logStd) {
      spread.assign(org.nd4j.linalg.ops.transforms.Transforms.abs(spread).addi(0.1));
    }
    Layer stock =
        LayerPair.instantiate(stockConf, ConvolutionMode.Truncate, DataType.FLOAT, params);
    Layer fast = LayerPair.instantiate(fastConf, ConvolutionMode.Truncate, DataType.FLOAT, params);
    assertThat(fast).isInstanceOf(FastBatchNormalizationLayer.class);

    INDArray input =
        Nd4j4Test.uniform(12, DataType.FLOAT, batch, CHANNELS, height, width).muli(3).addi(offset);
    INDArray outputGrad = Nd4j4Test.uniform(13, DataType.FLOAT, batch, CHANNELS, height, width);

    LayerPair.Pass expected = LayerPair.run(stock, input, outputGrad);
    LayerPair.Pass actual = LayerPair.run(fast, input, outputGrad);

    close(actual.output(), expected.output());
    close(actual.inputGrad(), expected.inputGrad());
    for (String key : expected.gradient().gradientForVariable().keySet()) {
      close(actual.gradient().getGradientFor(key), expected.gradient().getGradientFor(key));
    }
    assertThat(actual.gradient().gradientForVariable().keySet())
        .containsExactlyElementsOf(expected.gradient().gradientForVariable().keySet());

    LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
    close(fast.activate(input.dup(), false, ws), stock.activate(input.dup(), false, ws));
  }

  private static void close(INDArray actual, INDArray expected) {
    assertThat(actual.shape()).isEqualTo(expected.shape());
    assertThat(Nd4j4Test.relativeError(actual, expected)).isLessThan(TOLERANCE);
  }
}
