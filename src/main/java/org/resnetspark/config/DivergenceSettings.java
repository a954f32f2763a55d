package org.resnetspark.config;

import java.io.Serializable;

/**
 * What training does when the averaged loss becomes NaN or infinite: {@code stop}, or {@code
 * rollback} to the latest checkpoint with the learning rate multiplied by {@code lrFactor}, at most
 * {@code maxRollbacks} times in one job.
 */
public record DivergenceSettings(DivergenceAction action, double lrFactor, int maxRollbacks)
    implements Serializable {
  public boolean rollsBack() {
    return action == DivergenceAction.ROLLBACK;
  }
}
