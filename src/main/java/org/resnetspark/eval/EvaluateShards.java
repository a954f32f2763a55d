package org.resnetspark.eval;

import java.net.URI;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.data.loader.RemoteFileSource;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.resnetspark.model.OutputScore;

/**
 * On an executor: rebuild the network from the broadcast, and evaluate its shard paths with one
 * forward pass per batch.
 */
final class EvaluateShards implements FlatMapFunction<Iterator<String>, PartialEvaluation> {
  private final BroadcastNetwork network;
  private final DataSetLoader loader;
  private final List<String> labels;

  EvaluateShards(BroadcastNetwork network, DataSetLoader loader, List<String> labels) {
    this.network = network;
    this.loader = loader;
    this.labels = List.copyOf(labels);
  }

  @Override
  public Iterator<PartialEvaluation> call(Iterator<String> paths) throws Exception {
    PartialEvaluation result =
        new PartialEvaluation(new Evaluation(labels, Math.min(5, labels.size())));
    if (!paths.hasNext()) {
      return List.of(result).iterator();
    }
    ComputationGraph net = network.rebuild();
    FileSystem fs = null;
    while (paths.hasNext()) {
      String path = paths.next();
      if (fs == null) {
        fs = FileSystem.get(new URI(path), new Configuration());
      }
      DataSet batch = loader.load(new RemoteFileSource(path, fs));
      // The loss comes from the same outputs as the predictions.
      INDArray output = BroadcastNetwork.infer(net, batch.getFeatures());
      result.evaluation.eval(batch.getLabels(), output);
      result.score = result.score.plus(OutputScore.of(batch.getLabels(), output));
    }
    return List.of(result).iterator();
  }
}
