package org.resnetspark.config;

import java.io.Serializable;
import java.util.List;

/**
 * Learning-rate schedule over global training progress, measured in epochs, and the warm-up at a
 * low rate by training error or rounds that comes before it ({@link ErrorWarmup}).
 */
public record ScheduleSettings(
    ScheduleType type,
    List<Double> milestones,
    double factor,
    double warmupEpochs,
    ErrorWarmup errorWarmup)
    implements Serializable {
  public ScheduleSettings {
    milestones = List.copyOf(milestones);
  }
}
