package org.resnetspark.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The fused residual sum against DL4J's sum vertex (and its ReLU layer), in a network of two
 * residual blocks, one post-activation (sum then ReLU) and one pre-activation (sum only), with the
 * same parameters: scores, gradients and parameters after Nesterov steps (where the sum is written
 * into the branch's output) and inference outputs (where it is not) agree to float rounding.
 */
class FastAddEquivalenceTest {

  private static final double TOLERANCE = 1e-5;

  private static ComputationGraph net(boolean fast) {
    GraphBuilder g =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .dataType(DataType.FLOAT)
            .updater(new Nesterovs(0.1, 0.9))
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Same)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(6, 6, 4))
            .addLayer("c1", conv(), "in")
            .addLayer("b1", new BatchNormalization.Builder().build(), "c1");
    if (fast) {
      g.addVertex("sum1", new FastAdd(true), "b1", "in");
    } else {
      g.addVertex("add1", new ElementWiseVertex(ElementWiseVertex.Op.Add), "b1", "in")
          .addLayer(
              "sum1", new ActivationLayer.Builder().activation(Activation.RELU).build(), "add1");
    }
    g.addLayer("c2", conv(), "sum1");
    g.addVertex(
        "sum2",
        fast ? new FastAdd(false) : new ElementWiseVertex(ElementWiseVertex.Op.Add),
        "c2",
        "sum1");
    g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "sum2")
        .addLayer(
            "out",
            new OutputLayer.Builder(LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nOut(3)
                .build(),
            "pool")
        .setOutputs("out");
    ComputationGraph net = new ComputationGraph(g.build());
    net.init();
    return net;
  }

  private static ConvolutionLayer conv() {
    return new ConvolutionLayer.Builder(3, 3)
        .nOut(4)
        .hasBias(false)
        .activation(Activation.IDENTITY)
        .build();
  }

  private static DataSet data(int seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray features = Nd4j.randn(DataType.FLOAT, 5, 4, 6, 6);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 5, 3);
    for (int i = 0; i < 5; i++) {
      labels.putScalar(i, i % 3, 1f);
    }
    return new DataSet(features, labels);
  }

  private static double maxAbsDiff(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  @Test
  void trainsAndInfersAsDl4jsSumAndRelu() {
    ComputationGraph stock = net(false);
    ComputationGraph fast = net(true);
    fast.setParams(stock.params());

    DataSet first = data(1);
    stock.setInputs(first.getFeatures());
    stock.setLabels(first.getLabels());
    stock.computeGradientAndScore();
    fast.setInputs(first.getFeatures());
    fast.setLabels(first.getLabels());
    fast.computeGradientAndScore();
    assertThat(Math.abs(stock.score() - fast.score())).isLessThan(TOLERANCE);
    assertThat(maxAbsDiff(stock.getGradientsViewArray(), fast.getGradientsViewArray()))
        .isLessThan(TOLERANCE);
    assertThat(stock.getGradientsViewArray().amaxNumber().doubleValue()).isGreaterThan(1e-3);

    for (int step = 0; step < 3; step++) {
      DataSet d = data(10 + step);
      stock.fit(d);
      fast.fit(d);
    }
    assertThat(maxAbsDiff(stock.params(), fast.params())).isLessThan(TOLERANCE);

    INDArray input = data(99).getFeatures();
    INDArray expected = stock.outputSingle(input);
    assertThat(maxAbsDiff(expected, fast.outputSingle(input))).isLessThan(TOLERANCE);
    // Inference leaves its input as it was (the sum goes to new memory there).
    INDArray copy = input.dup();
    fast.outputSingle(input);
    assertThat(maxAbsDiff(input, copy)).isZero();
  }

  @Test
  void travelsAsJsonAndInACheckpoint() throws Exception {
    ComputationGraph fast = net(true);
    ComputationGraphConfiguration json =
        ComputationGraphConfiguration.fromJson(fast.getConfiguration().toJson());
    assertThat(json).isEqualTo(fast.getConfiguration());
    assertThat(json.getVertices().get("sum1")).isEqualTo(new FastAdd(true));
    assertThat(json.getVertices().get("sum2")).isEqualTo(new FastAdd(false));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(fast, bytes, true);
    ComputationGraph restored =
        ModelSerializer.restoreComputationGraph(
            new ByteArrayInputStream(bytes.toByteArray()), true);
    INDArray input = data(5).getFeatures();
    assertThat(maxAbsDiff(fast.outputSingle(input), restored.outputSingle(input))).isZero();
  }
}
