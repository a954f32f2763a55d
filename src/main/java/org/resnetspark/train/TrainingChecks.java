package org.resnetspark.train;

import java.util.Locale;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Manifest;

/**
 * What must hold before a training job starts, each failure a {@link ConfigException} that names
 * the setting, its value, what is allowed and how to fix it. Checked on the driver, so a bad run
 * stops before any Spark job, rather than as a shape error inside an executor.
 */
final class TrainingChecks {
  private TrainingChecks() {}

  /** The model takes the manifest's images and predicts its classes. */
  static void checkModel(ComputationGraph net, Manifest manifest) {
    String shards = shape(manifest.height(), manifest.width(), manifest.channels());
    String input = net.getConfiguration().getNetworkInputs().get(0);
    for (var e : net.getConfiguration().getVertexInputs().entrySet()) {
      if (e.getValue().contains(input)) {
        long nIn = nIn(net.getConfiguration().getVertices().get(e.getKey()));
        if (nIn > 0 && nIn != manifest.channels()) {
          throw new ConfigException(
              "Model input does not match the shards: layer %s takes %d channels, the shards in %s"
                  + " hold %s images (height x width x channels): build the model for the"
                  + " manifest's input (ModelOptions.withInput(%d, %d, %d))",
              e.getKey(),
              nIn,
              manifest.location(),
              shards,
              manifest.height(),
              manifest.width(),
              manifest.channels());
        }
      }
    }
    long classes = ((FeedForwardLayer) net.getOutputLayer(0).conf().getLayer()).getNOut();
    if (classes != manifest.numClasses()) {
      throw new ConfigException(
          "Model output does not match the shards: the model predicts %d classes, the shards in"
              + " %s have %d: build the model with ModelOptions.withClasses(%d)",
          classes, manifest.location(), manifest.numClasses(), manifest.numClasses());
    }
    try {
      net.output(
          Nd4j.zeros(DataType.FLOAT, 1, manifest.channels(), manifest.height(), manifest.width()));
    } catch (RuntimeException e) {
      throw new ConfigException(
          "Model input does not match the shards: one %s example of %s fails in the model (%s):"
              + " build the model for the manifest's input (ModelOptions.withInput(%d, %d, %d))",
          shards,
          manifest.location(),
          e.getMessage(),
          manifest.height(),
          manifest.width(),
          manifest.channels());
    }
  }

  private static long nIn(GraphVertex vertex) {
    if (vertex instanceof LayerVertex layer
        && layer.getLayerConf().getLayer() instanceof FeedForwardLayer ff) {
      return ff.getNIn();
    }
    return -1;
  }

  /** A shard path fits in one worker's round, and each worker gets at least one minibatch. */
  static void checkShape(TrainSettings s, Manifest manifest, int examplesPerPath, int workers) {
    int perRound = s.batchSizePerWorker() * s.averagingFrequency();
    if (examplesPerPath > perRound) {
      throw new ConfigException(
          "Shards of %d examples are larger than one worker's round of %d (train.batch-size-per-worker"
              + " %d x train.averaging-frequency %d): raise one of those or prepare with a smaller"
              + " data.shard-size",
          examplesPerPath, perRound, s.batchSizePerWorker(), s.averagingFrequency());
    }
    long trainExamples = manifest.examples("train");
    long share = trainExamples / workers;
    if (share < s.batchSizePerWorker()) {
      throw new ConfigException(
          "train.batch-size-per-worker %d is larger than a worker's share of the data (%d examples"
              + " over %d workers): lower the batch size or train.workers",
          s.batchSizePerWorker(), trainExamples, workers);
    }
  }

  /**
   * Every worker gets paths in the first round. A path is the unit DL4J hands a worker, so with
   * more workers than paths some would only ever train on nothing and still be averaged in.
   */
  static void checkWorkers(TrainSettings s, int paths, int workers) {
    if (workers > paths) {
      throw new ConfigException(
          "Invalid train.workers: %d (expected at most %d): the train split has only %d shard"
              + " paths, so %d workers would stay idle; lower train.workers or prepare with a"
              + " smaller data.shard-size",
          workers, paths, paths, workers - paths);
    }
  }

  private static String shape(int height, int width, int channels) {
    return String.format(Locale.ROOT, "%dx%dx%d", height, width, channels);
  }
}
