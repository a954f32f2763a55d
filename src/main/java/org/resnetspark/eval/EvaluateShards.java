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
import org.resnetspark.train.WorkerNetworks;

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
    // Training networks this executor keeps between rounds would sit beside the one evaluated.
    WorkerNetworks.release();
    ComputationGraph net = network.rebuild();
    FileSystem fs = null;
    while (paths.hasNext()) {
      String path = paths.next();
      if (fs == null) {
        fs = FileSystem.get(new URI(path), new Configuration());
      }
      DataSet batch = loader.load(new RemoteFileSource(path, fs));
      // Inference mode: DL4J frees each activation once its consumers have run, so memory stays
      // that of the widest layers, not the depth. The loss comes from these same outputs.
      INDArray output = BroadcastNetwork.infer(net, batch.getFeatures());
      // A diverged network predicts NaN in inference mode even where its training loss stayed
      // finite (batch norm's running statistics out of float range): counted, for the driver to
      // report, rather than failing the task on DL4J's NaN check and being retried in vain.
      if (!Double.isFinite(output.sumNumber().doubleValue())) {
        result.nonFinite += output.size(0);
        continue;
      }
      result.evaluation.eval(batch.getLabels(), output);
      result.score = result.score.plus(OutputScore.of(batch.getLabels(), output));
    }
    return List.of(result).iterator();
  }
}
