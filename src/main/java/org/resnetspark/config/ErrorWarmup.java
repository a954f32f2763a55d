package org.resnetspark.config;

import java.io.Serializable;

/**
 * He et al. 2015's warm-up for their deepest CIFAR nets (Section 4.2: ResNet-110 trains at 0.01
 * "until the training error is below 80% (about 400 iterations)", then at 0.1): train at {@code
 * rate} until the training top-1 error of the last {@code window} examples falls below {@code
 * untilError}, or for {@code rounds} averaging rounds, or, with both, until the error falls below
 * but no longer than {@code rounds}. Off when both are 0.
 */
public record ErrorWarmup(double rate, double untilError, int rounds, int window)
    implements Serializable {

  public static final ErrorWarmup NONE = new ErrorWarmup(0.01, 0, 0, 512);

  public boolean enabled() {
    return untilError > 0 || rounds > 0;
  }

  public boolean byError() {
    return untilError > 0;
  }

  public boolean byRounds() {
    return rounds > 0;
  }
}
