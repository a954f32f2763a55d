package org.resnetspark.job;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.DivergenceSettings;
import org.resnetspark.progress.Progress;
import org.resnetspark.train.DistributedTrainer;
import org.resnetspark.train.TrainingDivergedException;

/**
 * With {@code train.on-divergence = rollback}, a diverged run goes back to its latest checkpoint
 * (parameters and momentum) and trains on from there with a lower learning rate, instead of
 * stopping. Each rollback is announced and recorded as {@code <run-dir>/rollback-<millis>.txt}.
 */
final class DivergenceRollback {
  private final DivergenceSettings settings;
  private final CheckpointStore checkpoints;
  private final RunDirectory run;
  private final Progress progress;
  private int rollbacks;

  DivergenceRollback(
      DivergenceSettings settings,
      CheckpointStore checkpoints,
      RunDirectory run,
      Progress progress) {
    this.settings = settings;
    this.checkpoints = checkpoints;
    this.run = run;
    this.progress = progress;
  }

  /**
   * Rolls {@code trainer} back to the latest checkpoint and lowers its rate; returns that
   * checkpoint, after whose epoch training continues. Throws the divergence on when the policy is
   * {@code stop}, when there is no checkpoint yet, or when the rollbacks are used up.
   */
  Checkpoint recover(TrainingDivergedException diverged, DistributedTrainer trainer)
      throws IOException {
    if (!settings.rollsBack()) {
      throw diverged;
    }
    Optional<Checkpoint> latest = checkpoints.latest();
    if (latest.isEmpty()) {
      throw new TrainingDivergedException(
          "No checkpoint to roll back to yet (train.on-divergence = rollback)", diverged);
    }
    if (rollbacks >= settings.maxRollbacks()) {
      throw new TrainingDivergedException(
          String.format(
              Locale.ROOT,
              "Diverged again after %d rollbacks (train.max-rollbacks = %d)",
              rollbacks,
              settings.maxRollbacks()),
          diverged);
    }
    Checkpoint back = latest.get();
    trainer.rollBackTo(checkpoints.load(back), back.state().globalStep());
    trainer.scaleLearningRate(settings.lrFactor());
    rollbacks++;
    String text =
        String.format(
            Locale.ROOT,
            "rollback %d of %d: %s%nrolled back to %s (epoch %d, step %d); learning rate now %s"
                + " times the schedule (train.rollback-lr-factor %s)%n",
            rollbacks,
            settings.maxRollbacks(),
            diverged.getMessage(),
            back.path(),
            back.state().epoch(),
            back.state().globalStep(),
            trainer.learningRateScale(),
            settings.lrFactor());
    progress.line("WARNING: " + text.strip());
    run.writeText("rollback-" + Instant.now().toEpochMilli() + ".txt", text);
    return back;
  }

  int rollbacks() {
    return rollbacks;
  }
}
