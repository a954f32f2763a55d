package org.resnetspark.eval;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.resnetspark.data.ShardInput;

/**
 * Distributed evaluation: the network's configuration and parameters are broadcast, executors read
 * and decode their shards, and only the per-partition evaluations (counts and a confusion matrix)
 * come back to be merged.
 */
public final class SparkEvaluator {
  private SparkEvaluator() {}

  public static EvalResult evaluate(
      JavaSparkContext sc,
      ComputationGraph net,
      ShardInput input,
      List<String> classNames,
      int workers) {
    BroadcastNetwork network = BroadcastNetwork.of(sc, net);
    try {
      var paths = new ArrayList<>(input.paths());
      PartialEvaluation total =
          sc.parallelize(paths, Math.max(1, Math.min(workers, paths.size())))
              .mapPartitions(new EvaluateShards(network, input.loader(), classNames))
              .reduce(PartialEvaluation::merge);
      if (total.nonFinite > 0) {
        throw new NonFinitePredictionsException(
            total.nonFinite, total.nonFinite + total.score.examples());
      }
      Evaluation e = total.evaluation;
      return new EvalResult(
          total.score.loss(),
          net.calcRegularizationScore(true),
          e.accuracy(),
          e.topNAccuracy(),
          total.score.examples(),
          e);
    } finally {
      network.destroy();
    }
  }
}
