package org.resnetspark.train;

import java.util.Locale;

/**
 * The averaged loss became NaN or infinite. Training stops at once, before the next round hands the
 * broken parameters to every worker and before anything is checkpointed.
 */
public class TrainingDivergedException extends RuntimeException {
  public TrainingDivergedException(int epoch, int round, long step, double lr, double loss) {
    this("the averaged loss is " + loss, epoch, round, step, lr);
  }

  /** {@code what}: what is not finite, e.g. "the averaged loss is NaN". */
  TrainingDivergedException(String what, int epoch, int round, long step, double lr) {
    super(
        String.format(
            Locale.ROOT,
            "Training diverged: %s after epoch %d round %d (step %d, lr %s);"
                + " nothing of this epoch was checkpointed. Continue from the last good"
                + " checkpoint with a lower rate: train --resume <run-dir> --set"
                + " train.learning-rate=<lower> --allow-config-change",
            what,
            epoch,
            round,
            step,
            lr));
  }

  /** A divergence that could not be rolled back: {@code why}, then the divergence itself. */
  public TrainingDivergedException(String why, TrainingDivergedException diverged) {
    super(why + ": " + diverged.getMessage(), diverged);
  }
}
