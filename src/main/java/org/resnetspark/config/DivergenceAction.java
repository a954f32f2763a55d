package org.resnetspark.config;

import java.util.Locale;

/** What training does when the averaged loss becomes NaN or infinite. */
public enum DivergenceAction {
  /** Fail the job. */
  STOP,
  /** Go back to the latest checkpoint and train on with a lower learning rate. */
  ROLLBACK;

  /** The name in configuration files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
