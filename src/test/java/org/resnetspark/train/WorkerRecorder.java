package org.resnetspark.train;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.TaskContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Records, inside each worker, what it is about to fit: its partition (= its share of the round),
 * the minibatch's size and feature sum, the network's iteration count and the learning rate its
 * updater holds. Workers of {@code local[N]} are threads of the test JVM, so a static queue sees
 * them all.
 */
final class WorkerRecorder implements TrainingHook {
  record Minibatch(
      int stage, int partition, int iteration, double learningRate, long examples, double sum) {}

  static final ConcurrentLinkedQueue<Minibatch> SEEN = new ConcurrentLinkedQueue<>();

  private final String layer;

  WorkerRecorder(String layer) {
    this.layer = layer;
  }

  static List<Minibatch> drain() {
    List<Minibatch> all = List.copyOf(SEEN);
    SEEN.clear();
    return all;
  }

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    ComputationGraph graph = (ComputationGraph) model;
    TaskContext task = TaskContext.get();
    SEEN.add(
        new Minibatch(
            task.stageId(),
            task.partitionId(),
            graph.getConfiguration().getIterationCount(),
            graph.getLearningRate(layer),
            minibatch.getFeatures(0).size(0),
            minibatch.getFeatures(0).sumNumber().doubleValue()));
  }

  @Override
  public void preUpdate(DataSet minibatch, Model model) {}

  @Override
  public void postUpdate(DataSet minibatch, Model model) {}

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {}
}
