package org.resnetspark.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigException;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.Scoring;
import org.resnetspark.testing.Fixtures;

/**
 * A checkpoint written before checkpoints carried what scoring needs (the earlier build's fixture,
 * format version 0) is scored with the manifest its run's saved configuration names, or refused
 * with the way to a scoreable one.
 */
class ScoringMetadataTest {
  private static final String FIXTURE =
      "org/resnetspark/checkpoint/fast-resnet8-before-package-move";
  private static final Configuration HADOOP = new Configuration();

  @TempDir Path run;
  Checkpoint checkpoint;

  @BeforeEach
  void copyFixture() throws Exception {
    Fixtures.copy(FIXTURE, run);
    checkpoint = CheckpointStore.at(run.resolve("checkpoints/epoch-0001").toString(), HADOOP);
  }

  @Test
  void anEarlierCheckpointIsScoredWithItsRunsManifest() throws Exception {
    Path shards = run.resolve("shards");
    Files.writeString(run.resolve("config.json"), "{\"data\": {\"shards\": \"" + shards + "\"}}");

    assertThat(checkpoint.state().scoring()).isNull();
    Scoring scoring = ScoringMetadata.of(checkpoint, HADOOP);

    Manifest manifest = Manifest.read(shards.toString(), HADOOP);
    assertThat(scoring.mean()).containsExactly(manifest.mean());
    assertThat(scoring.std()).containsExactly(manifest.std());
    assertThat(scoring.classes()).isEqualTo(manifest.classes());
    assertThat(scoring.height()).isEqualTo(manifest.height());
  }

  @Test
  void anEarlierCheckpointWithoutItsRunsConfigurationIsRefusedWithTheWayOut() {
    assertThatThrownBy(() -> ScoringMetadata.of(checkpoint, HADOOP))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid --checkpoint: " + checkpoint.path())
        .hasMessageContaining("config.json naming data.shards")
        .hasMessageContaining("train --resume");
  }

  @Test
  void anEarlierCheckpointWhoseManifestIsGoneIsRefused() throws Exception {
    Files.writeString(
        run.resolve("config.json"), "{\"data\": {\"shards\": \"" + run.resolve("gone") + "\"}}");

    assertThatThrownBy(() -> ScoringMetadata.of(checkpoint, HADOOP))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gone/manifest.json, is gone")
        .hasMessageContaining("Put the prepared data back");
  }

  @Test
  void aCheckpointWithScoringMetadataUsesItsOwn() throws Exception {
    Manifest manifest = Manifest.read(run.resolve("shards").toString(), HADOOP);
    Scoring own = Scoring.of(manifest);
    Checkpoint scoreable =
        CheckpointStore.replaceState(checkpoint, withScoring(checkpoint.state(), own), HADOOP);
    // No config.json: the checkpoint needs nothing of its run.
    assertThat(ScoringMetadata.of(CheckpointStore.at(scoreable.path(), HADOOP), HADOOP).mean())
        .containsExactly(manifest.mean());
  }

  private static CheckpointState withScoring(CheckpointState s, Scoring scoring) {
    return new CheckpointState(
        s.runId(),
        s.epoch(),
        s.globalStep(),
        s.learningRate(),
        s.seed(),
        s.configHash(),
        s.metrics(),
        s.modelSha256(),
        s.modelBytes(),
        s.createdAt(),
        s.learningRateScale(),
        CheckpointState.FORMAT_VERSION,
        s.metricsVersion(),
        s.position(),
        scoring);
  }
}
