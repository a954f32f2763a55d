package org.resnetspark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.config.Shortcut;
import org.resnetspark.config.StridePlacement;
import org.resnetspark.model.layers.FastAdd;
import org.resnetspark.model.layers.FastBatchNormRelu;
import org.resnetspark.model.layers.FastBatchNormalization;

/** The wiring of a built graph: names, initial values, regularisation, shortcuts. */
@ExtendWith(SingleThreadedNd4j.class)
class GraphStructureTest {

  private static final Optimization SGD = new Optimization(new Nesterovs(0.1, 0.9), 5e-4, 3);

  private static ComputationGraph build(String name, ModelOptions options) {
    return ResNets.build(Variants.parse(name), options, SGD);
  }

  private static ModelOptions cifar(String name) {
    return ModelOptions.defaultsFor(Variants.parse(name)).withInput(8, 8, 3);
  }

  @Test
  void oneInputOneSoftmaxOutputAndGeneratedVertexNames() {
    ComputationGraphConfiguration conf =
        ResNets.configuration(Variants.parse("resnet20"), cifar("resnet20"), SGD);

    assertThat(conf.getNetworkInputs()).containsExactly("input");
    assertThat(conf.getNetworkOutputs()).containsExactly("head.fc");
    assertThat(conf.getVertices())
        .containsKeys(
            "stem.conv",
            "stage1.block1.conv1",
            "stage3.block2.conv2",
            "stage3.block3.add",
            "stage2.block1.shortcut.pad",
            "head.pool");
  }

  @Test
  void lastBnOfEachResidualBranchStartsAtZeroGamma() {
    ComputationGraph resnet = build("resnet8", cifar("resnet8"));
    ComputationGraph plain = build("plain8", cifar("plain8"));
    ComputationGraph ones = build("resnet8", cifar("resnet8").withLastBnGamma(LastBnGamma.ONE));

    assertThat(gamma(resnet, "stage2.block1.bn2").sumNumber().doubleValue()).isZero();
    assertThat(gamma(resnet, "stage2.block1.bn1").minNumber().doubleValue()).isEqualTo(1.0);
    assertThat(gamma(plain, "stage2.block1.bn2").minNumber().doubleValue()).isEqualTo(1.0);
    assertThat(gamma(ones, "stage2.block1.bn2").minNumber().doubleValue()).isEqualTo(1.0);
  }

  private static INDArray gamma(ComputationGraph graph, String bn) {
    return graph.getParam(bn + "_gamma");
  }

  @Test
  void convolutionsHaveNoBiasAndOnlyWeightsDecay() {
    ComputationGraph graph = build("resnet8", cifar("resnet8").withShortcut(Shortcut.B));

    assertThat(graph.getLayer("stage2.block1.conv1").paramTable()).containsOnlyKeys("W");
    assertThat(graph.getLayer("stage2.block1.shortcut.conv").paramTable()).containsOnlyKeys("W");
    assertThat(layer(graph, "stage1.block1.conv1").getRegularization())
        .singleElement()
        .isInstanceOfSatisfying(
            WeightDecay.class, d -> assertThat(d.getCoeff().valueAt(0, 0)).isEqualTo(5e-4));
    assertThat(layer(graph, "head.fc").getRegularization()).hasSize(1);
    assertThat(layer(graph, "head.fc").getRegularizationBias()).isEmpty();
    BatchNormalization bn = (BatchNormalization) layer(graph, "stage1.block1.bn1");
    assertThat(bn.getRegularizationByParam("gamma")).isNullOrEmpty();
    assertThat(bn.getRegularizationByParam("beta")).isNullOrEmpty();
  }

  private static BaseLayer layer(ComputationGraph graph, String name) {
    return (BaseLayer) graph.getLayer(name).conf().getLayer();
  }

  @Test
  void stridePlacementMovesTheBottleneckStride() {
    ModelOptions small = ModelOptions.defaultsFor(Variants.parse("resnet50")).withInput(32, 32, 3);

    Map<String, ?> v1 = ResNets.configuration(Variants.parse("resnet50"), small, SGD).getVertices();
    Map<String, ?> v15 =
        ResNets.configuration(
                Variants.parse("resnet50"), small.withStride(StridePlacement.V1_5), SGD)
            .getVertices();

    assertThat(stride(v1, "stage2.block1.conv1")).containsExactly(2, 2);
    assertThat(stride(v1, "stage2.block1.conv2")).containsExactly(1, 1);
    assertThat(stride(v15, "stage2.block1.conv1")).containsExactly(1, 1);
    assertThat(stride(v15, "stage2.block1.conv2")).containsExactly(2, 2);
  }

  private static int[] stride(Map<String, ?> vertices, String name) {
    LayerVertex vertex = (LayerVertex) vertices.get(name);
    return ((ConvolutionLayer) vertex.getLayerConf().getLayer()).getStride();
  }

  /**
   * The fast engine builds batch norm + ReLU as one layer wherever the ReLU follows the batch norm
   * directly, and the residual sum with the ReLU after it as one vertex; the stock engine keeps
   * DL4J's layers and sum vertex. The parameters are the same either way.
   */
  @Test
  void fastEngineFusesBatchNormAndReluAndTheSumAndRelu() {
    Map<String, ?> fast = vertices("resnet8", ConvolutionEngine.FAST);
    Map<String, ?> stock = vertices("resnet8", ConvolutionEngine.STOCK);
    Map<String, ?> plain = vertices("plain8", ConvolutionEngine.FAST);
    Map<String, ?> preact = vertices("preact-resnet8", ConvolutionEngine.FAST);

    assertThat(layerClass(fast, "stem.bn")).isEqualTo(FastBatchNormRelu.class);
    assertThat(layerClass(fast, "stage1.block1.bn1")).isEqualTo(FastBatchNormRelu.class);
    assertThat(fast).doesNotContainKeys("stem.relu", "stage1.block1.relu1");
    assertThat(layerClass(fast, "stage1.block1.bn2")).isEqualTo(FastBatchNormalization.class);
    assertThat(fast.get("stage1.block1.add")).isEqualTo(new FastAdd(true));
    assertThat(fast).doesNotContainKey("stage1.block1.relu");
    assertThat(preact.get("stage1.block1.add")).isEqualTo(new FastAdd(false));
    assertThat(stock.get("stage1.block1.add")).isInstanceOf(ElementWiseVertex.class);
    assertThat(layerClass(plain, "stage1.block1.bn2")).isEqualTo(FastBatchNormRelu.class);
    assertThat(plain).doesNotContainKey("stage1.block1.relu");
    assertThat(layerClass(preact, "stage1.block1.bn2")).isEqualTo(FastBatchNormRelu.class);
    assertThat(layerClass(preact, "head.bn")).isEqualTo(FastBatchNormRelu.class);
    assertThat(layerClass(stock, "stage1.block1.bn1")).isEqualTo(BatchNormalization.class);
    assertThat(stock).containsKeys("stem.relu", "stage1.block1.relu1", "stage1.block1.relu");
    assertThat(stock.keySet().stream().filter(name -> name.contains("relu"))).hasSize(1 + 2 * 3);

    for (String name : new String[] {"resnet8", "plain8", "preact-resnet8"}) {
      ComputationGraph fastNet =
          ResNets.build(Variants.parse(name), cifar(name), SGD, ConvolutionEngine.FAST);
      ComputationGraph stockNet =
          ResNets.build(Variants.parse(name), cifar(name), SGD, ConvolutionEngine.STOCK);
      assertThat(fastNet.numParams()).as(name).isEqualTo(stockNet.numParams());
      assertThat(fastNet.paramTable().keySet())
          .as(name)
          .containsExactlyElementsOf(stockNet.paramTable().keySet());
    }
  }

  private static Map<String, ?> vertices(String name, ConvolutionEngine engine) {
    return ResNets.configuration(Variants.parse(name), cifar(name), SGD, engine).getVertices();
  }

  private static Class<?> layerClass(Map<String, ?> vertices, String name) {
    return ((LayerVertex) vertices.get(name)).getLayerConf().getLayer().getClass();
  }

  /** He et al. 2015 ("Delving Deep into Rectifiers"): weights with variance 2 / fan-in. */
  @Test
  void convolutionsStartWithHeInitialisation() {
    ComputationGraph graph = build("resnet8", cifar("resnet8"));

    INDArray weights = graph.getParam("stage3.block1.conv2_W");

    assertThat(weights.meanNumber().doubleValue()).isCloseTo(0.0, within(0.002));
    assertThat(weights.stdNumber().doubleValue())
        .isCloseTo(Math.sqrt(2.0 / (64 * 3 * 3)), within(0.002));
  }

  /** The trainer changes the learning rate between rounds; every trained layer must follow. */
  @Test
  void learningRateChangesReachEveryLayer() {
    ComputationGraph graph = build("resnet8", cifar("resnet8"));

    graph.setLearningRate(0.025);

    for (Layer layer : graph.getLayers()) {
      if (layer.numParams() > 0) {
        assertThat(
                layer.getConfig().getUpdaterByParam(layer.paramTable().keySet().iterator().next()))
            .as(layer.getConfig().getLayerName())
            .isInstanceOfSatisfying(
                Nesterovs.class, n -> assertThat(n.getLearningRate()).isEqualTo(0.025));
      }
    }
  }

  /** He et al. 2015, Section 3.3, option (A). */
  @Test
  void optionAShortcutSubsamplesAndAppendsZeroChannels() {
    ComputationGraph graph = build("resnet8", cifar("resnet8"));
    INDArray x = Nd4j.rand(2, 3, 8, 8);

    Map<String, INDArray> activations = graph.feedForward(x, false);
    // The last block of stage 1 ends in its sum (with the ReLU in it, fast engine).
    INDArray in = activations.get("stage1.block1.add");
    INDArray out = activations.get("stage2.block1.shortcut.pad");

    assertThat(out.shape()).containsExactly(2, 32, 4, 4);
    INDArray expected =
        in.get(
            NDArrayIndex.all(),
            NDArrayIndex.all(),
            NDArrayIndex.interval(0, 2, 8),
            NDArrayIndex.interval(0, 2, 8));
    assertThat(out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 16))).isEqualTo(expected);
    assertThat(
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(16, 32)).amaxNumber().doubleValue())
        .isZero();
  }

  /** With every branch switched on, each convolution of every kind of unit gets a gradient. */
  @Test
  void everyConvolutionReceivesAGradient() {
    for (String name : new String[] {"resnet8", "plain8", "preact-resnet8", "preact-resnet164"}) {
      ModelOptions options = cifar(name).withLastBnGamma(LastBnGamma.ONE);
      ComputationGraph graph = build(name, options);
      INDArray labels = Nd4j.zeros(2, 10);
      labels.putScalar(0, 2, 1.0);
      labels.putScalar(1, 7, 1.0);
      graph.setInputs(Nd4j.rand(2, 3, 8, 8));
      graph.setLabels(labels);
      graph.computeGradientAndScore();
      Map<String, INDArray> gradients = graph.gradient().gradientForVariable();

      assertThat(gradients).as(name).containsKeys("stem.conv_W", "stage3.block1.conv2_W");
      gradients.forEach(
          (param, gradient) -> {
            if (param.endsWith("_W")) {
              assertThat(gradient.norm2Number().doubleValue()).as(name + " " + param).isPositive();
            }
          });
      graph.close();
    }
  }
}
