package org.resnetspark.job;

import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.Settings;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Manifest;
import org.resnetspark.model.LastBnGamma;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variant;

/**
 * The network a run starts training: the resumed checkpoint's, the warm start's, or a new one of
 * the configured variant shaped for the manifest's classes and images.
 */
final class StartingNetwork {
  private StartingNetwork() {}

  static ComputationGraph of(
      RunStart start,
      Optional<Checkpoint> resumed,
      CheckpointStore checkpoints,
      Settings settings,
      Variant variant,
      Manifest manifest,
      Configuration hadoop)
      throws IOException {
    if (resumed.isPresent()) {
      return checkpoints.load(resumed.get());
    }
    if (start.warmStart().isPresent()) {
      return CheckpointStore.load(start.warmStart().get(), hadoop);
    }
    TrainSettings t = settings.train();
    Optimization optimization =
        new Optimization(new Nesterovs(t.learningRate(), t.momentum()), t.weightDecay(), t.seed());
    return ResNets.build(
        variant, options(variant, settings, manifest), optimization, settings.model().engine());
  }

  private static ModelOptions options(Variant variant, Settings settings, Manifest m) {
    ModelOptions options =
        ModelOptions.defaultsFor(variant)
            .withClasses(m.numClasses())
            .withInput(m.height(), m.width(), m.channels())
            .withStride(settings.model().stride())
            .withLastBnGamma(
                settings.model().zeroInitLastBn() ? LastBnGamma.ZERO : LastBnGamma.ONE);
    return settings.model().shortcutOverride().map(options::withShortcut).orElse(options);
  }
}
