package org.resnetspark.train;

import java.util.Locale;

/**
 * The averaged loss became NaN or infinite. Training stops at once, before the next round hands the
 * broken parameters to every worker and before anything is checkpointed.
 */
public class TrainingDivergedException extends RuntimeException {
  public TrainingDivergedException(int epoch, int round, long step, double lr, double loss) {
    super(
        String.format(
            Locale.ROOT,
            "Training diverged: the averaged loss is %s after epoch %d round %d (step %d, lr %s);"
                + " nothing of this epoch was checkpointed. Continue from the last good"
                + " checkpoint with a lower rate: train --resume <run-dir> --set"
                + " train.learning-rate=<lower> --allow-config-change",
            loss,
            epoch,
            round,
            step,
            lr));
  }
}
