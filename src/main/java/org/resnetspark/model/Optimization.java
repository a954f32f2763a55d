package org.resnetspark.model;

import java.util.Objects;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Settings that are not the architecture but go into the DL4J configuration. The updater is used as
 * given (the trainer changes its learning rate between rounds); the weight decay applies to
 * convolution and classifier weights only, never to biases or BN parameters.
 */
public record Optimization(IUpdater updater, double weightDecay, long seed) {

  public Optimization {
    Objects.requireNonNull(updater, "updater");
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("Weight decay must be >= 0, got " + weightDecay);
    }
  }
}
