package org.resnetspark.model;

import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.model.layers.Convolutions;

/**
 * Adds each layer to a DL4J graph. DL4J's JSON names every layer and vertex by its class, so the
 * configuration travels as JSON (as DL4J's Spark training broadcasts it), the fast engine's own
 * classes included, with nothing to register.
 */
final class GraphSink implements LayerSink {

  private final GraphBuilder graph;
  private final double weightDecay;
  private final Convolutions layers;

  GraphSink(GraphBuilder graph, double weightDecay, ConvolutionEngine engine) {
    this.graph = graph;
    this.weightDecay = weightDecay;
    this.layers = Convolutions.of(engine);
  }

  @Override
  public String conv(String name, String input, int kernel, int stride, int channels) {
    graph.addLayer(
        name,
        layers
            .builder(kernel, stride)
            .nOut(channels)
            .hasBias(false)
            // He et al. 2015 ("Delving Deep into Rectifiers"): variance 2 / fan-in for ReLU nets.
            .weightInit(WeightInit.RELU)
            .weightDecay(weightDecay, true)
            .build(),
        input);
    return name;
  }

  @Override
  public String batchNorm(String name, String input, double gamma) {
    graph.addLayer(name, layers.batchNorm(batchNormSettings(gamma)), input);
    return name;
  }

  /** One fused layer with the fast engine (see {@code FastBatchNormRelu}), two with the stock. */
  @Override
  public String batchNormRelu(String bn, String relu, String input, double gamma) {
    Optional<BatchNormalization> fused = layers.batchNormRelu(batchNormSettings(gamma));
    if (fused.isEmpty()) {
      return LayerSink.super.batchNormRelu(bn, relu, input, gamma);
    }
    graph.addLayer(bn, fused.get(), input);
    return bn;
  }

  // Unlocked gamma starts at this value and is learned; DL4J never regularises BN parameters.
  private static BatchNormalization batchNormSettings(double gamma) {
    return new BatchNormalization.Builder()
        .gamma(gamma)
        .beta(0.0)
        .decay(BatchNormSettings.DECAY)
        .eps(BatchNormSettings.EPSILON)
        .build();
  }

  @Override
  public String relu(String name, String input) {
    graph.addLayer(name, layers.relu(), input);
    return name;
  }

  @Override
  public String add(String name, String left, String right) {
    graph.addVertex(
        name,
        layers.residualSum(false).orElseGet(() -> new ElementWiseVertex(ElementWiseVertex.Op.Add)),
        left,
        right);
    return name;
  }

  /** One vertex with the fast engine (see {@code FastAdd}), a sum and a ReLU with the stock. */
  @Override
  public String addRelu(String add, String relu, String left, String right) {
    Optional<GraphVertex> fused = layers.residualSum(true);
    if (fused.isEmpty()) {
      return LayerSink.super.addRelu(add, relu, left, right);
    }
    graph.addVertex(add, fused.get(), left, right);
    return add;
  }

  @Override
  public String maxPool(String name, String input) {
    graph.addLayer(
        name,
        new SubsamplingLayer.Builder(PoolingType.MAX)
            .kernelSize(3, 3)
            .stride(2, 2)
            .padding(1, 1)
            .build(),
        input);
    return name;
  }

  /**
   * Option A from built-in parts: a 1x1 pooling window with the block's stride picks every
   * stride-th pixel, the same pixels scaled by zero give the new channels, and a merge along the
   * channel axis appends them. Basic blocks double the channels, so one copy of zeros fills them.
   */
  @Override
  public String zeroPadShortcut(Names names, String input, int stride, int channels) {
    String subsampled = names.subsample();
    graph.addLayer(
        subsampled,
        new SubsamplingLayer.Builder(PoolingType.MAX)
            .kernelSize(1, 1)
            .stride(stride, stride)
            .build(),
        input);
    graph.addVertex(names.zeros(), new ScaleVertex(0.0), subsampled);
    graph.addVertex(names.pad(), new MergeVertex(), subsampled, names.zeros());
    return names.pad();
  }

  @Override
  public String globalAveragePool(String name, String input) {
    graph.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input);
    return name;
  }

  @Override
  public String classifier(String name, String input, int classes) {
    graph.addLayer(
        name,
        new OutputLayer.Builder(LossFunction.MCXENT)
            .activation(Activation.SOFTMAX)
            .nOut(classes)
            // Softmax, not ReLU, follows: the variance-preserving init for linear units.
            .weightInit(WeightInit.XAVIER)
            .weightDecay(weightDecay, true)
            .build(),
        input);
    return name;
  }
}
