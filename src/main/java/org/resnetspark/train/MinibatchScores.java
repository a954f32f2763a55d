package org.resnetspark.train;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.resnetspark.model.OutputScore;

/**
 * On every worker, the cross-entropy and top-1/top-5 hits of each minibatch as it is trained,
 * before its update, summed into a Spark accumulator that travels back with the tasks.
 *
 * <p>DL4J's own score of a minibatch adds the regularisation penalty of every weight, and its
 * forward pass during {@code fit} never computes the output layer's activations apart from the
 * loss. So this reads the output layer's input from the activations DL4J hands its listeners
 * ({@code onForwardPass}, called inside {@code computeGradientAndScore}), applies the output layer
 * (a matrix product on a [batch, features] array, negligible beside the network) and scores the
 * probabilities against the labels, which arrive through the worker's training hook just before.
 * One object is both hook and listener: DL4J serialises the worker with both in one object graph,
 * so each task's copy is still one object.
 */
final class MinibatchScores extends BaseTrainingListener implements TrainingHook {
  private final ScoreAccumulator scores;
  private final ScoreAccumulator firstScores;
  private transient INDArray labels;

  /**
   * Adds every minibatch's scores to {@code scores}, and those of each worker's first minibatch of
   * a round (its network's iteration 0: every worker starts each round there) to {@code
   * firstScores}.
   */
  MinibatchScores(ScoreAccumulator scores, ScoreAccumulator firstScores) {
    this.scores = scores;
    this.firstScores = firstScores;
  }

  @Override
  public void preUpdate(DataSet minibatch, Model model) {
    labels = minibatch.getLabels();
  }

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    labels = minibatch.getLabels(0);
  }

  @Override
  public void postUpdate(DataSet minibatch, Model model) {
    labels = null;
  }

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {
    labels = null;
  }

  @Override
  public void onForwardPass(Model model, Map<String, INDArray> activations) {
    if (labels == null || !(model instanceof ComputationGraph graph)) {
      return;
    }
    OutputScore score = OutputScore.of(labels, probabilities(graph, activations));
    scores.add(score);
    if (graph.getIterationCount() == 0) {
      firstScores.add(score);
    }
  }

  /** The softmax output of the graph's single output layer, from its input's activations. */
  static INDArray probabilities(ComputationGraph graph, Map<String, INDArray> activations) {
    String output = graph.getConfiguration().getNetworkOutputs().get(0);
    List<String> inputs = graph.getConfiguration().getVertexInputs().get(output);
    INDArray features = activations.get(inputs.get(0));
    Layer layer = graph.getLayer(output);
    INDArray logits = features.mmul(layer.getParam("W")).addiRowVector(layer.getParam("b"));
    BaseOutputLayer conf = (BaseOutputLayer) layer.conf().getLayer();
    return conf.getActivationFn().getActivation(logits, false);
  }
}
