package org.resnetspark.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.resnetspark.config.ConvolutionEngine;

/**
 * A small residual net trained on real Fashion-MNIST images follows the same loss curve with the
 * fast layers (convolution, batch norm, ReLU) as with the stock ones: same initial parameters, same
 * batches, and only float rounding between them.
 */
class FastConvolutionTrainingTest {

  private static final int BATCH = 32;
  private static final int STEPS = 25;

  @Test
  void lossCurveMatchesStockLayers() throws Exception {
    DataSet data = FashionMnist.firstTraining(BATCH * STEPS);
    List<Double> stock = lossCurve(ConvolutionEngine.STOCK, data);
    List<Double> fast = lossCurve(ConvolutionEngine.FAST, data);

    for (int step = 0; step < STEPS; step++) {
      assertThat(fast.get(step))
          .as("loss at step %s", step)
          .isCloseTo(
              stock.get(step), org.assertj.core.data.Offset.offset(0.02 + 0.02 * stock.get(step)));
    }
    assertThat(mean(fast.subList(STEPS - 10, STEPS)))
        .as("the fast net learns")
        .isLessThan(mean(fast.subList(0, 5)) - 0.5);
  }

  private static List<Double> lossCurve(ConvolutionEngine engine, DataSet data) {
    ComputationGraph net = new ComputationGraph(smallResNet(engine));
    net.init();
    List<Double> losses = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      DataSet batch =
          new DataSet(
              data.getFeatures().get(range(step)).dup(), data.getLabels().get(range(step)).dup());
      net.fit(batch);
      losses.add(net.score());
    }
    return losses;
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex range(int step) {
    return org.nd4j.linalg.indexing.NDArrayIndex.interval(step * BATCH, (step + 1) * BATCH);
  }

  /**
   * Stem, one strided basic block with a projection shortcut, global pooling, softmax. The block's
   * first batch norm and ReLU are one layer with the fast engine, the stem's are two layers.
   */
  static ComputationGraphConfiguration smallResNet(ConvolutionEngine engine) {
    Convolutions conv = Convolutions.of(engine);
    ComputationGraphConfiguration.GraphBuilder graph =
        new NeuralNetConfiguration.Builder()
            .seed(12345)
            .dataType(DataType.FLOAT)
            .updater(new Nesterovs(0.05, 0.9))
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Truncate)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(28, 28, 1))
            .addLayer("stem", conv.conv(3, 1, 1, 8), "in")
            .addLayer("stem_bn", conv.batchNorm(new BatchNormalization.Builder().build()), "stem")
            .addLayer("stem_relu", conv.relu(), "stem_bn")
            .addLayer("a", conv.conv(3, 2, 8, 16), "stem_relu");
    String a = batchNormRelu(graph, conv, "a");
    return graph
        .addLayer("b", conv.conv(3, 1, 16, 16), a)
        .addLayer("b_bn", conv.batchNorm(new BatchNormalization.Builder().build()), "b")
        .addLayer("proj", conv.conv(1, 2, 8, 16), "stem_relu")
        .addLayer("proj_bn", conv.batchNorm(new BatchNormalization.Builder().build()), "proj")
        .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "b_bn", "proj_bn")
        .addLayer("sum_relu", conv.relu(), "sum")
        .addLayer("head", conv.convWithBias(7, 2, 16, 16), "sum_relu")
        .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "head")
        .addLayer(
            "out",
            new OutputLayer.Builder(LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nOut(FashionMnist.CLASSES)
                .weightInit(WeightInit.XAVIER)
                .build(),
            "pool")
        .setOutputs("out")
        .build();
  }

  /** Batch norm and ReLU after {@code input}: one fused layer where the engine has one. */
  private static String batchNormRelu(
      ComputationGraphConfiguration.GraphBuilder graph, Convolutions conv, String input) {
    BatchNormalization bn = new BatchNormalization.Builder().build();
    String name = input + "_bn";
    var fused = conv.batchNormRelu(bn);
    if (fused.isPresent()) {
      graph.addLayer(name, fused.get(), input);
      return name;
    }
    graph.addLayer(name, conv.batchNorm(bn), input).addLayer(input + "_relu", conv.relu(), name);
    return input + "_relu";
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
