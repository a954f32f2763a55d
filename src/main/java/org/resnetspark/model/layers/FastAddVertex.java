package org.resnetspark.model.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/** The vertex of {@link FastAdd}: {@code left + right}, then {@code max(., 0)} if asked. */
public class FastAddVertex extends BaseGraphVertex {
  /**
   * The workspace in which DL4J's {@code ComputationGraph} keeps every activation of a training
   * step (or of scoring examples) until the step ends: only there may the sum overwrite its first
   * input. In inference each activation's memory is reused once its readers have run, and the sum
   * would live in memory freed after this vertex.
   */
  static final String ALL_ACTIVATIONS = "WS_ALL_LAYERS_ACT";

  private final boolean relu;
  private INDArray output;

  FastAddVertex(ComputationGraph graph, String name, int index, boolean relu, DataType dataType) {
    super(graph, name, index, null, null, dataType);
    this.relu = relu;
  }

  @Override
  public boolean hasLayer() {
    return false;
  }

  @Override
  public Layer getLayer() {
    return null;
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoForward()) {
      throw new IllegalStateException("Cannot do forward pass: inputs not set");
    }
    INDArray left = inputs[0];
    INDArray right = inputs[1];
    if (!left.equalShapes(right)) {
      throw new IllegalStateException(
          "Vertex "
              + vertexName
              + " adds arrays of different shapes: "
              + Arrays.toString(left.shape())
              + " and "
              + Arrays.toString(right.shape()));
    }
    INDArray out;
    if (inPlace(workspaceMgr) && !left.isView() && left.ordering() == 'c') {
      out = left.addi(right);
    } else {
      out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, left.dataType(), left.shape());
      Nd4j.exec(new AddOp(left, right, out));
    }
    if (relu) {
      Nd4j.exec(new RectifiedLinear(out, out));
    }
    output = out;
    return out;
  }

  private static boolean inPlace(LayerWorkspaceMgr workspaceMgr) {
    return ALL_ACTIVATIONS.equals(workspaceMgr.getWorkspaceName(ArrayType.ACTIVATIONS))
        && !workspaceMgr.isScopedOut(ArrayType.ACTIVATIONS);
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException("Cannot do backward pass: errors not set");
    }
    INDArray first =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(), 'c');
    if (relu) {
      // epsilon where the sum was positive: the mask from the rectified sum kept from forward.
      Nd4j.exec(new Step(output, first, 0.0));
      first.muli(epsilon);
    } else {
      first.assign(epsilon);
    }
    INDArray second = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, first);
    return new Pair<>(null, new INDArray[] {first, second});
  }

  @Override
  public void clear() {
    super.clear();
    output = null;
  }

  @Override
  public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
    if (backpropGradientsViewArray != null) {
      throw new IllegalArgumentException("Vertex " + vertexName + " has no parameters");
    }
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(
      INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
    if (maskArrays == null || maskArrays[0] == null || maskArrays[1] == null) {
      return new Pair<>(null, currentMaskState);
    }
    throw new UnsupportedOperationException(
        "Vertex " + vertexName + " adds convolutional activations, which have no masks");
  }

  @Override
  public String toString() {
    return "FastAddVertex(name=" + vertexName + ",relu=" + relu + ")";
  }
}
