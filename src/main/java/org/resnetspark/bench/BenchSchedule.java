package org.resnetspark.bench;

import org.resnetspark.config.ConfigException;

/** How many untimed steps warm each engine up, and how many timed steps give the median. */
public record BenchSchedule(int warmup, int iterations) {

  public BenchSchedule {
    if (warmup < 0) {
      throw new ConfigException("Invalid warmup: %s (expected 0 or more)", warmup);
    }
    if (iterations < 1) {
      throw new ConfigException("Invalid iterations: %s (expected 1 or more)", iterations);
    }
  }
}
