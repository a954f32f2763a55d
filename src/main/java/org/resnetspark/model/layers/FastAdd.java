package org.resnetspark.model.layers;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The sum of a residual block, optionally followed by ReLU, as one vertex ({@link FastAddVertex}).
 * Its first input must be read by nothing else (the block's last batch norm or convolution): where
 * DL4J keeps every activation until backprop ends, the sum is written into that input rather than
 * into a new array, so the branch's output, the sum and the rectified sum are one tensor instead of
 * three. None of them is needed by a backward pass but the ReLU's own mask, which the sum's values
 * give.
 */
public class FastAdd extends GraphVertex {
  private final boolean relu;

  /** The sum, rectified if {@code relu}. */
  public FastAdd(@JsonProperty("relu") boolean relu) {
    this.relu = relu;
  }

  public boolean isRelu() {
    return relu;
  }

  @Override
  public FastAdd clone() {
    return new FastAdd(relu);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FastAdd add && add.relu == relu;
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(relu) + 31 * FastAdd.class.hashCode();
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 2;
  }

  @Override
  public int maxVertexInputs() {
    return 2;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
      ComputationGraph graph,
      String name,
      int idx,
      INDArray paramsView,
      boolean initializeParams,
      DataType networkDatatype) {
    return new FastAddVertex(graph, name, idx, relu, networkDatatype);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
    return vertexInputs[0];
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    return new LayerMemoryReport.Builder(null, FastAdd.class, inputTypes[0], inputTypes[0])
        .standardMemory(0, 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }

  @Override
  public String toString() {
    return "FastAdd(relu=" + relu + ")";
  }
}
