package org.resnetspark.train;

import java.io.Serializable;
import org.resnetspark.config.ScheduleSettings;

/**
 * Learning rate as a function of global progress in epochs (all workers together), so that the rate
 * does not depend on how many workers share an epoch. Linear warmup (Goyal et al. 2017) from a
 * tenth of the base rate, then a step schedule (He et al. 2015: divide by 10 at fixed epochs), a
 * cosine decay, or a constant rate.
 */
public final class LearningRateSchedule implements Serializable {
  private final double base;
  private final ScheduleSettings settings;
  private final int totalEpochs;

  public LearningRateSchedule(double base, ScheduleSettings settings, int totalEpochs) {
    this.base = base;
    this.settings = settings;
    this.totalEpochs = totalEpochs;
  }

  /** The rate at {@code epochs} of progress, e.g. 2.5 = half way through the third epoch. */
  public double rateAt(double epochs) {
    double warmup = settings.warmupEpochs();
    if (warmup > 0 && epochs < warmup) {
      double start = base / 10;
      return start + (base - start) * (epochs / warmup);
    }
    return switch (settings.type()) {
      case STEP -> stepRate(epochs);
      case COSINE -> cosineRate(epochs, warmup);
      case CONSTANT -> base;
    };
  }

  private double stepRate(double epochs) {
    double rate = base;
    for (double milestone : settings.milestones()) {
      if (epochs >= milestone) {
        rate *= settings.factor();
      }
    }
    return rate;
  }

  private double cosineRate(double epochs, double warmup) {
    double span = Math.max(totalEpochs - warmup, 1e-9);
    double t = Math.min(Math.max((epochs - warmup) / span, 0), 1);
    return base * 0.5 * (1 + Math.cos(Math.PI * t));
  }
}
