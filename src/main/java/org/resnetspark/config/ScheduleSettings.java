package org.resnetspark.config;

import java.io.Serializable;
import java.util.List;

/** Learning-rate schedule over global training progress, measured in epochs. */
public record ScheduleSettings(
    ScheduleType type, List<Double> milestones, double factor, double warmupEpochs)
    implements Serializable {
  public ScheduleSettings {
    milestones = List.copyOf(milestones);
  }
}
