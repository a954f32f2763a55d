package org.resnetspark.checkpoint;

import java.util.Arrays;
import java.util.Locale;
import org.resnetspark.config.ConfigException;

/** The validation metric that decides which checkpoint is the best. */
public enum BestMetric {
  TOP1("top1", true),
  TOP5("top5", true),
  LOSS("loss", false);

  private final String key;
  private final boolean higherIsBetter;

  BestMetric(String key, boolean higherIsBetter) {
    this.key = key;
    this.higherIsBetter = higherIsBetter;
  }

  public static BestMetric parse(String text) {
    for (BestMetric m : values()) {
      if (m.key.equalsIgnoreCase(text.trim())) {
        return m;
      }
    }
    throw new ConfigException(
        "Invalid checkpoint.best-metric: '%s' (expected one of %s)",
        text, Arrays.stream(values()).map(m -> m.key).toList());
  }

  public String key() {
    return key;
  }

  /** Whether {@code candidate} beats {@code current}; a missing or NaN value never wins. */
  boolean better(CheckpointState candidate, CheckpointState current) {
    Double c = candidate.metrics().get(key);
    if (c == null || c.isNaN()) {
      return false;
    }
    Double b = current.metrics().get(key);
    if (b == null || b.isNaN()) {
      return true;
    }
    return higherIsBetter ? c > b : c < b;
  }

  @Override
  public String toString() {
    return key.toLowerCase(Locale.ROOT);
  }
}
