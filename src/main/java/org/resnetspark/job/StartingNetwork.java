package org.resnetspark.job;

import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.Settings;
import org.resnetspark.data.Manifest;

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
      Manifest manifest,
      Configuration hadoop)
      throws IOException {
    if (resumed.isPresent()) {
      return checkpoints.load(resumed.get());
    }
    if (start.warmStart().isPresent()) {
      return CheckpointStore.load(start.warmStart().get(), hadoop);
    }
    return ModelSpec.of(settings, manifest).build();
  }
}
