package org.resnetspark.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.Settings;
import org.resnetspark.data.Scoring;
import org.resnetspark.progress.Progress;
import org.resnetspark.train.DistributedTrainer;
import org.resnetspark.train.EpochPosition;
import org.resnetspark.train.RoundListener;

/**
 * {@code checkpoint.every-rounds = N}: a round checkpoint after rounds N, 2N, ... of every epoch
 * (not after its last round, which the epoch checkpoint follows), recording where the epoch stands,
 * so that a resumed run continues inside the epoch. Recorded in the {@code checkpoints} table; the
 * retention of round checkpoints is their own ({@code checkpoint.keep-last-rounds}).
 */
final class RoundCheckpoints implements RoundListener {
  private final CheckpointStore store;
  private final DistributedTrainer trainer;
  private final String runId;
  private final Settings settings;
  private final String configHash;
  private final RunRecorder recorder;
  private final Progress progress;
  private final Scoring scoring;

  RoundCheckpoints(
      CheckpointStore store,
      DistributedTrainer trainer,
      String runId,
      Settings settings,
      String configJson,
      RunRecorder recorder,
      Progress progress,
      Scoring scoring) {
    this.store = store;
    this.scoring = scoring;
    this.trainer = trainer;
    this.runId = runId;
    this.settings = settings;
    this.configHash = EpochCheckpoints.configHash(configJson);
    this.recorder = recorder;
    this.progress = progress;
  }

  @Override
  public void roundDone(EpochPosition position, long globalStep, double learningRate) {
    int every = settings.checkpoint().everyRounds();
    if (every == 0 || position.round() % every != 0 || position.finished()) {
      return;
    }
    try {
      Checkpoint written =
          store.write(trainer.network(), state(position, globalStep, learningRate));
      store.retain(settings.checkpoint());
      recorder.roundCheckpoint(written);
      progress.line(
          String.format(
              Locale.ROOT,
              "round checkpoint after round %d/%d of epoch %d (step %d): %s",
              position.round(),
              position.rounds(),
              position.epoch(),
              globalStep,
              written.path()));
    } catch (IOException e) {
      // The trainer's rounds declare no I/O; the train job unwraps this.
      throw new UncheckedIOException(e);
    }
  }

  private CheckpointState state(EpochPosition position, long globalStep, double learningRate) {
    return new CheckpointState(
        runId,
        position.epoch(),
        globalStep,
        learningRate,
        settings.train().seed(),
        configHash,
        Map.of(),
        null,
        0,
        Instant.now().toString(),
        trainer.learningRateScale(),
        CheckpointState.FORMAT_VERSION,
        CheckpointState.METRICS_VERSION,
        position,
        scoring);
  }
}
