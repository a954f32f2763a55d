package org.resnetspark.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.Settings;
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
  private final Settings settings;
  private final EpochCheckpoints states;
  private final RunRecorder recorder;
  private final Progress progress;

  RoundCheckpoints(
      CheckpointStore store,
      DistributedTrainer trainer,
      Settings settings,
      EpochCheckpoints states,
      RunRecorder recorder,
      Progress progress) {
    this.store = store;
    this.trainer = trainer;
    this.settings = settings;
    this.states = states;
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
          store.write(
              trainer.network(),
              states.state(
                  trainer, position.epoch(), globalStep, learningRate, Map.of(), position));
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
}
