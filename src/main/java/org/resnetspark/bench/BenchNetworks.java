package org.resnetspark.bench;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.model.layers.Convolutions;

/**
 * The benchmark's networks: conv-BN-ReLU residual nets with projection shortcuts (a strided 1x1
 * conv and BN) wherever a block changes shape, trained with SGD and momentum. Only the convolutions
 * depend on the engine, so stock and fast runs time the same network.
 */
public final class BenchNetworks {

  static final String INPUT = "input";
  static final String OUTPUT = "output";

  private final GraphBuilder graph;
  private final Convolutions convolutions;
  private int counter;

  private BenchNetworks(GraphBuilder graph, Convolutions convolutions) {
    this.graph = graph;
    this.convolutions = convolutions;
  }

  public static ComputationGraphConfiguration configuration(
      BenchVariant variant, BenchShape shape, int classes, ConvolutionEngine engine) {
    GraphBuilder graph =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .dataType(DataType.FLOAT)
            .updater(new Nesterovs(0.01, 0.9))
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Truncate)
            .graphBuilder()
            .addInputs(INPUT)
            .setInputTypes(
                InputType.convolutional(shape.height(), shape.width(), shape.channels()));
    new BenchNetworks(graph, Convolutions.of(engine)).emit(variant, classes);
    return graph.setOutputs(OUTPUT).build();
  }

  private void emit(BenchVariant v, int classes) {
    String x =
        convBnRelu(INPUT, v.imagenetStem() ? 7 : 3, v.imagenetStem() ? 2 : 1, v.stemChannels());
    if (v.imagenetStem()) {
      x =
          add(
              new SubsamplingLayer.Builder(PoolingType.MAX)
                  .kernelSize(3, 3)
                  .stride(2, 2)
                  .padding(1, 1)
                  .build(),
              x);
    }
    int channels = v.stemChannels();
    int[] depths = v.depths();
    for (int stage = 0; stage < depths.length; stage++) {
      for (int block = 0; block < depths[stage]; block++) {
        int stride = stage > 0 && block == 0 ? 2 : 1;
        int out = v.stageChannels(stage);
        String branch = v.bottleneck() ? bottleneck(x, stride, out) : basic(x, stride, out);
        x = shortcutSum(x, branch, stride, channels, out);
        channels = out;
      }
    }
    String pooled = add(new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
    graph.addLayer(
        OUTPUT,
        new OutputLayer.Builder(LossFunction.MCXENT)
            .activation(Activation.SOFTMAX)
            .nOut(classes)
            .weightInit(WeightInit.XAVIER)
            .build(),
        pooled);
  }

  private String basic(String in, int stride, int out) {
    String x = convBnRelu(in, 3, stride, out);
    return bn(conv(x, 3, 1, out));
  }

  private String bottleneck(String in, int stride, int out) {
    String x = convBnRelu(in, 1, stride, out / 4);
    x = convBnRelu(x, 3, 1, out / 4);
    return bn(conv(x, 1, 1, out));
  }

  private String shortcutSum(String in, String branch, int stride, int inChannels, int out) {
    String shortcut = in;
    if (stride != 1 || inChannels != out) {
      shortcut = bn(conv(shortcut, 1, stride, out));
    }
    String sum = next();
    graph.addVertex(sum, new ElementWiseVertex(ElementWiseVertex.Op.Add), branch, shortcut);
    return relu(sum);
  }

  private String convBnRelu(String in, int kernel, int stride, int out) {
    return relu(bn(conv(in, kernel, stride, out)));
  }

  private String conv(String in, int kernel, int stride, int out) {
    return add(convolutions.builder(kernel, stride).nOut(out).hasBias(false).build(), in);
  }

  private String bn(String in) {
    return add(convolutions.batchNorm(new BatchNormalization.Builder().build()), in);
  }

  private String relu(String in) {
    return add(convolutions.relu(), in);
  }

  private String add(org.deeplearning4j.nn.conf.layers.Layer layer, String in) {
    String name = next();
    graph.addLayer(name, layer, in);
    return name;
  }

  private String next() {
    return "l" + counter++;
  }
}
