package org.resnetspark.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.resnetspark.config.ConvolutionEngine;

/**
 * Builds any {@link Variant} as a DL4J {@link ComputationGraph}: one input {@code input} (NCHW,
 * {@code InputType.convolutional(height, width, channels)}) and one softmax output layer.
 */
public final class ResNets {

  private ResNets() {}

  /**
   * The configuration, validated against the variant, with the fast CPU convolution and batch
   * normalisation layers (same math as DL4J's, checked against them in the layer tests).
   */
  public static ComputationGraphConfiguration configuration(
      Variant variant, ModelOptions options, Optimization optimization) {
    return configuration(variant, options, optimization, ConvolutionEngine.FAST);
  }

  /** As {@link #configuration(Variant, ModelOptions, Optimization)} with a chosen layer engine. */
  public static ComputationGraphConfiguration configuration(
      Variant variant, ModelOptions options, Optimization optimization, ConvolutionEngine engine) {
    GraphBuilder graph =
        new NeuralNetConfiguration.Builder()
            .seed(optimization.seed())
            .updater(optimization.updater())
            .dataType(DataType.FLOAT)
            // Explicit padding with floor rounding, as the papers' torch implementations.
            .convolutionMode(ConvolutionMode.Truncate)
            .graphBuilder()
            .addInputs(Names.INPUT)
            .setInputTypes(
                InputType.convolutional(options.height(), options.width(), options.channels()));
    String output =
        Topology.emit(variant, options, new GraphSink(graph, optimization.weightDecay(), engine));
    return graph.setOutputs(output).build();
  }

  /**
   * The same network as a list of layers, for engines other than DL4J (the libtorch comparison of
   * {@code bench model}).
   */
  public static LayerPlan plan(Variant variant, ModelOptions options) {
    PlanSink sink = new PlanSink(options);
    return sink.plan(Topology.emit(variant, options, sink));
  }

  /** The network with freshly initialised parameters, ready to fit. */
  public static ComputationGraph build(
      Variant variant, ModelOptions options, Optimization optimization) {
    return build(variant, options, optimization, ConvolutionEngine.FAST);
  }

  /** As {@link #build(Variant, ModelOptions, Optimization)} with a chosen layer engine. */
  public static ComputationGraph build(
      Variant variant, ModelOptions options, Optimization optimization, ConvolutionEngine engine) {
    ComputationGraph graph =
        new ComputationGraph(configuration(variant, options, optimization, engine));
    graph.init();
    return graph;
  }
}
