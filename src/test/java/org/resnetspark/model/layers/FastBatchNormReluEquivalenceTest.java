package org.resnetspark.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The fused batch norm + ReLU against DL4J's stock batch norm followed by its ReLU activation
 * layer, with the same parameters: training and inference outputs, input gradients, gamma/beta
 * gradients and the running-statistics steps agree to float rounding, and in a network the running
 * statistics end up the same after training steps.
 */
class FastBatchNormReluEquivalenceTest {

  private static final double TOLERANCE = 1e-4;
  private static final int CHANNELS = 6;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(1, 5, 7, true, 0.5),
        Arguments.of(8, 5, 7, true, 0.5),
        Arguments.of(8, 1, 1, true, 0.5),
        Arguments.of(3, 4, 4, false, 0.5),
        Arguments.of(4, 16, 16, true, 0.5),
        Arguments.of(2, 13, 11, false, 100.0));
  }

  /** A stock batch norm and a stock ReLU layer, run one after the other. */
  private record StockPair(Layer bn, Layer relu) {

    LayerPair.Pass run(INDArray input, INDArray outputGrad) {
      LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
      INDArray normalised = bn.activate(input.dup(), true, ws).dup();
      INDArray output = relu.activate(normalised, true, ws).dup();
      INDArray reluGrad = relu.backpropGradient(outputGrad.dup(), ws).getSecond().dup();
      Pair<Gradient, INDArray> back = bn.backpropGradient(reluGrad, ws);
      return new LayerPair.Pass(output, back.getSecond().dup(), back.getFirst());
    }

    INDArray infer(INDArray input) {
      LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
      return relu.activate(bn.activate(input.dup(), false, ws).dup(), false, ws);
    }
  }

  @ParameterizedTest(name = "batch {0} {1}x{2} logStd {3} mean {4}")
  @MethodSource("cases")
  void matchesStockBatchNormThenRelu(
      int batch, int height, int width, boolean logStd, double offset) {
    BatchNormalization stockConf =
        new BatchNormalization.Builder().nIn(CHANNELS).nOut(CHANNELS).useLogStd(logStd).build();
    INDArray params = parameters(logStd);
    StockPair stock = stockPair(stockConf, params);
    Layer fused = instantiate(FastBatchNormRelu.of(stockConf), params);
    assertThat(fused).isInstanceOf(FastBatchNormReluLayer.class);

    INDArray input =
        Nd4j4Test.uniform(12, DataType.FLOAT, batch, CHANNELS, height, width).muli(3).addi(offset);
    INDArray outputGrad = Nd4j4Test.uniform(13, DataType.FLOAT, batch, CHANNELS, height, width);

    LayerPair.Pass expected = stock.run(input, outputGrad);
    LayerPair.Pass actual = LayerPair.run(fused, input, outputGrad);

    assertThat(expected.output().minNumber().doubleValue()).isZero();
    assertThat(positiveFraction(expected.output())).isBetween(0.1, 0.9);
    close(actual.output(), expected.output());
    close(actual.inputGrad(), expected.inputGrad());
    assertThat(actual.gradient().gradientForVariable().keySet())
        .containsExactlyElementsOf(expected.gradient().gradientForVariable().keySet())
        .contains(
            BatchNormalizationParamInitializer.GAMMA,
            BatchNormalizationParamInitializer.BETA,
            BatchNormalizationParamInitializer.GLOBAL_MEAN);
    for (String key : expected.gradient().gradientForVariable().keySet()) {
      close(actual.gradient().getGradientFor(key), expected.gradient().getGradientFor(key));
    }

    close(fused.activate(input.dup(), false, LayerWorkspaceMgr.noWorkspaces()), stock.infer(input));
  }

  /** NHWC input is not the fast code's: the fused layer runs the stock code and its own ReLU. */
  @Test
  void nhwcInputRunsTheStockCodeWithTheRelu() {
    BatchNormalization stockConf =
        new BatchNormalization.Builder()
            .nIn(CHANNELS)
            .nOut(CHANNELS)
            .dataFormat(CNN2DFormat.NHWC)
            .build();
    INDArray params = parameters(true);
    StockPair stock = stockPair(stockConf, params);
    Layer fused = instantiate(FastBatchNormRelu.of(stockConf), params);
    INDArray input = Nd4j4Test.uniform(14, DataType.FLOAT, 4, 5, 5, CHANNELS).muli(2);
    INDArray outputGrad = Nd4j4Test.uniform(15, DataType.FLOAT, 4, 5, 5, CHANNELS);

    LayerPair.Pass expected = stock.run(input, outputGrad);
    LayerPair.Pass actual = LayerPair.run(fused, input, outputGrad);

    assertThat(positiveFraction(expected.output())).isBetween(0.1, 0.9);
    close(actual.output(), expected.output());
    close(actual.inputGrad(), expected.inputGrad());
    for (String key : expected.gradient().gradientForVariable().keySet()) {
      close(actual.gradient().getGradientFor(key), expected.gradient().getGradientFor(key));
    }
    close(fused.activate(input.dup(), false, LayerWorkspaceMgr.noWorkspaces()), stock.infer(input));
  }

  /**
   * Trained in a network, with the updater applying the running-statistics steps as DL4J does:
   * every parameter, the running mean and log10 std included, ends the same.
   */
  @Test
  void trainingStepsUpdateTheRunningStatisticsAsTheStockLayersDo() {
    ComputationGraph stock = new ComputationGraph(net(false));
    stock.init();
    ComputationGraph fused = new ComputationGraph(net(true));
    fused.init();
    assertThat(fused.numParams()).isEqualTo(stock.numParams());
    fused.setParams(stock.params());
    INDArray before = stock.getParam("bn_" + BatchNormalizationParamInitializer.GLOBAL_MEAN).dup();

    for (int step = 0; step < 3; step++) {
      INDArray input = Nd4j4Test.uniform(30 + step, DataType.FLOAT, 8, 4, 6, 6).addi(0.3);
      INDArray labels = Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1).castTo(DataType.FLOAT);
      stock.fit(new DataSet(input, labels));
      fused.fit(new DataSet(input.dup(), labels.dup()));
    }

    INDArray runningMean = stock.getParam("bn_" + BatchNormalizationParamInitializer.GLOBAL_MEAN);
    assertThat(runningMean).isNotEqualTo(before);
    for (Map.Entry<String, INDArray> param : stock.paramTable().entrySet()) {
      close(fused.getParam(param.getKey()), param.getValue());
    }
    INDArray test = Nd4j4Test.uniform(40, DataType.FLOAT, 5, 4, 6, 6);
    close(fused.outputSingle(false, test), stock.outputSingle(false, test));
  }

  /** input -> batch norm + ReLU (one layer or two) -> average pool -> softmax over 3 classes. */
  private static ComputationGraphConfiguration net(boolean fused) {
    BatchNormalization bn = new BatchNormalization.Builder().decay(0.9).eps(1e-5).build();
    ComputationGraphConfiguration.GraphBuilder graph =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .dataType(DataType.FLOAT)
            .updater(new Nesterovs(0.1, 0.9))
            .weightInit(WeightInit.XAVIER)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(6, 6, 4));
    String top;
    if (fused) {
      graph.addLayer("bn", FastBatchNormRelu.of(bn), "in");
      top = "bn";
    } else {
      graph
          .addLayer("bn", bn, "in")
          .addLayer(
              "relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn");
      top = "relu";
    }
    return graph
        .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), top)
        .addLayer(
            "out",
            new OutputLayer.Builder(LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nOut(3)
                .build(),
            "pool")
        .setOutputs("out")
        .build();
  }

  @Test
  void jsonSaysReluAndDiffersFromThePlainFastBatchNorm() {
    BatchNormalization stockConf = new BatchNormalization.Builder().nOut(CHANNELS).build();
    FastBatchNormRelu fused = FastBatchNormRelu.of(stockConf);

    assertThat(fused.getActivationFn()).isEqualTo(Activation.RELU.getActivationFunction());
    assertThat(fused.getDecay()).isEqualTo(stockConf.getDecay());
    assertThat(fused.getEps()).isEqualTo(stockConf.getEps());
    assertThat(fused.clone()).isEqualTo(fused);
    FastBatchNormalization plain = FastBatchNormalization.of(stockConf);
    assertThat(plain).isNotEqualTo(fused);
    assertThat(fused).isNotEqualTo(plain);
  }

  // gamma, beta and running mean in [-1, 1); the running variance (or log10 std) stays positive.
  private static INDArray parameters(boolean logStd) {
    INDArray params = Nd4j4Test.uniform(11, DataType.FLOAT, 1, 4L * CHANNELS);
    INDArray spread =
        params.get(NDArrayIndex.point(0), NDArrayIndex.interval(3 * CHANNELS, 4 * CHANNELS));
    if (!logStd) {
      spread.assign(Transforms.abs(spread).addi(0.1));
    }
    return params;
  }

  private static StockPair stockPair(BatchNormalization stockConf, INDArray params) {
    NeuralNetConfiguration relu =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
            .build();
    return new StockPair(
        instantiate(stockConf, params),
        relu.getLayer().instantiate(relu, null, 0, null, true, DataType.FLOAT));
  }

  private static Layer instantiate(
      org.deeplearning4j.nn.conf.layers.Layer layerConf, INDArray params) {
    return LayerPair.instantiate(layerConf, ConvolutionMode.Truncate, DataType.FLOAT, params);
  }

  private static double positiveFraction(INDArray a) {
    return a.gt(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
  }

  private static void close(INDArray actual, INDArray expected) {
    assertThat(actual.shape()).isEqualTo(expected.shape());
    assertThat(Nd4j4Test.relativeError(actual, expected)).isLessThan(TOLERANCE);
  }
}
