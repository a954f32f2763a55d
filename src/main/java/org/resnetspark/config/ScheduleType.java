package org.resnetspark.config;

import java.util.Locale;

/** The learning-rate schedule after warmup. */
public enum ScheduleType {
  /** Multiply by {@code train.schedule.factor} at each milestone (He et al. 2015). */
  STEP,
  /** Cosine decay to zero over the remaining epochs. */
  COSINE,
  /** The peak rate throughout. */
  CONSTANT;

  /** The name in configuration files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
