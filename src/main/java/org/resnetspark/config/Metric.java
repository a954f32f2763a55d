package org.resnetspark.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A validation metric that ranks models ({@code checkpoint.best-metric}, {@code retrain.metric}),
 * and the one place that knows which way it improves: accuracy up, loss down.
 */
public enum Metric {
  TOP1("top1", Direction.HIGHER),
  TOP5("top5", Direction.HIGHER),
  LOSS("loss", Direction.LOWER);

  private enum Direction {
    HIGHER,
    LOWER
  }

  private final String key;
  private final Direction direction;

  Metric(String key, Direction direction) {
    this.key = key;
    this.direction = direction;
  }

  /** The metric's name in configuration files, checkpoint states and tables. */
  public String key() {
    return key;
  }

  /** The metric named {@code text} as the value of configuration key {@code configKey}. */
  public static Metric parse(String configKey, String text) {
    for (Metric m : values()) {
      if (m.key.equalsIgnoreCase(text.trim())) {
        return m;
      }
    }
    throw new ConfigException(
        "Invalid %s: '%s' (expected one of %s)",
        configKey, text, String.join(", ", Arrays.stream(values()).map(Metric::key).toList()));
  }

  /** The value of this metric among {@code metrics} (keyed by {@link #key()}), or null. */
  public Double in(Map<String, Double> metrics) {
    return metrics.get(key);
  }

  /** This metric out of an evaluation's loss, top-1 and top-5. */
  public double of(double loss, double top1, double top5) {
    return switch (this) {
      case TOP1 -> top1;
      case TOP5 -> top5;
      case LOSS -> loss;
    };
  }

  /** How much {@code candidate} improves on {@code reference}: positive when it is better. */
  public double gain(double candidate, double reference) {
    return direction == Direction.HIGHER ? candidate - reference : reference - candidate;
  }

  /** Whether {@code candidate} beats {@code current}; a missing or NaN value never wins. */
  public boolean better(Double candidate, Double current) {
    if (candidate == null || candidate.isNaN()) {
      return false;
    }
    if (current == null || current.isNaN()) {
      return true;
    }
    return gain(candidate, current) > 0;
  }

  @Override
  public String toString() {
    return key.toLowerCase(Locale.ROOT);
  }
}
