package org.resnetspark.config;

import java.io.Serializable;

/**
 * When training has diverged and what it does then. Diverged: the averaged loss is NaN or infinite,
 * or, with {@code maxLossFactor} above 0, an averaging round's mean cross-entropy is above {@code
 * maxLossFactor} times that of chance ({@code ln(classes)}, a uniform guess), or times the loss the
 * network started from when that is higher (deep nets start far above chance). Then: {@code stop},
 * or {@code rollback} to the latest checkpoint with the learning rate multiplied by {@code
 * lrFactor}, at most {@code maxRollbacks} times in one job.
 */
public record DivergenceSettings(
    DivergenceAction action, double lrFactor, int maxRollbacks, double maxLossFactor)
    implements Serializable {
  public boolean rollsBack() {
    return action == DivergenceAction.ROLLBACK;
  }

  /** Whether a finite loss can count as diverged ({@code train.max-loss-factor} is not 0). */
  public boolean limitsLoss() {
    return maxLossFactor > 0;
  }

  /**
   * The largest mean cross-entropy of a round that is not a divergence, for {@code classes}
   * classes: {@code maxLossFactor x ln(classes)}; infinite when the limit is off.
   */
  public double lossLimit(int classes) {
    return lossLimit(chanceLoss(classes));
  }

  /** {@code maxLossFactor x reference}; infinite when the limit is off. */
  public double lossLimit(double reference) {
    return limitsLoss() ? maxLossFactor * reference : Double.POSITIVE_INFINITY;
  }

  /** The cross-entropy of a uniform guess over {@code classes} classes. */
  public static double chanceLoss(int classes) {
    return Math.log(Math.max(2, classes));
  }
}
