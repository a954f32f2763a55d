package org.resnetspark.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.Settings;
import org.resnetspark.data.Scoring;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.train.DistributedTrainer;
import org.resnetspark.train.EpochPosition;
import org.resnetspark.train.EpochResult;

/** Writes the checkpoint at the end of each epoch and applies the retention policy. */
final class EpochCheckpoints {
  /** A written checkpoint, and the run's best checkpoint after it. */
  record Saved(Checkpoint checkpoint, Optional<Checkpoint> best) {}

  private final CheckpointStore store;
  private final String runId;
  private final Settings settings;
  private final String configHash;
  private final Scoring scoring;

  EpochCheckpoints(
      CheckpointStore store, String runId, Settings settings, String configJson, Scoring scoring) {
    this.store = store;
    this.scoring = scoring;
    this.runId = runId;
    this.settings = settings;
    this.configHash = configHash(configJson);
  }

  Saved save(DistributedTrainer trainer, EpochResult trained, EvalResult val) throws IOException {
    CheckpointState state =
        state(
            trainer,
            trained.epoch(),
            trained.globalStep(),
            trained.learningRate(),
            CheckpointMetrics.of(val),
            null);
    Checkpoint written = store.write(trainer.network(), state);
    store.retain(settings.checkpoint());
    return new Saved(written, store.best());
  }

  /**
   * A state written now for this run: what every checkpoint of the run records, with where training
   * stands ({@code position} null at an epoch's end).
   */
  CheckpointState state(
      DistributedTrainer trainer,
      int epoch,
      long globalStep,
      double learningRate,
      Map<String, Double> metrics,
      EpochPosition position) {
    return new CheckpointState(
        runId,
        epoch,
        globalStep,
        learningRate,
        settings.train().seed(),
        configHash,
        metrics,
        null,
        0,
        Instant.now().toString(),
        trainer.learningRateScale(),
        CheckpointState.FORMAT_VERSION,
        CheckpointState.METRICS_VERSION,
        position,
        scoring);
  }

  /** The SHA-256 of the run's configuration, which every checkpoint of the run records. */
  static String configHash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
