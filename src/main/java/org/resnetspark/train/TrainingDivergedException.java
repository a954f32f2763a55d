package org.resnetspark.train;

import java.util.Locale;

/**
 * The averaged loss became NaN or infinite, or the averaged parameters, or the validation
 * predictions. Training stops at once, before the next round hands the broken parameters to every
 * worker and before they are checkpointed.
 */
public class TrainingDivergedException extends RuntimeException {
  public TrainingDivergedException(int epoch, int round, long step, double lr, double loss) {
    this("the averaged loss is " + loss, epoch, round, step, lr);
  }

  /** {@code what}: what is not finite, e.g. "the averaged loss is NaN". */
  TrainingDivergedException(String what, int epoch, int round, long step, double lr) {
    this(what, String.format(Locale.ROOT, "epoch %d round %d", epoch, round), step, lr);
  }

  private TrainingDivergedException(String what, String where, long step, double lr) {
    super(
        String.format(
            Locale.ROOT,
            "Training diverged: %s after %s (step %d, lr %s); the diverged state was not"
                + " checkpointed. Continue from the last good checkpoint with a lower rate: train"
                + " --resume <run-dir> --set train.learning-rate=<lower> --allow-config-change",
            what,
            where,
            step,
            lr));
  }

  /** A divergence seen in the validation after {@code epoch}, not in its training rounds. */
  public static TrainingDivergedException inValidation(
      String what, int epoch, long step, double lr) {
    return new TrainingDivergedException(
        what, String.format(Locale.ROOT, "epoch %d, in its validation", epoch), step, lr);
  }

  /** A divergence that could not be rolled back: {@code why}, then the divergence itself. */
  public TrainingDivergedException(String why, TrainingDivergedException diverged) {
    super(why + ": " + diverged.getMessage(), diverged);
  }
}
