package org.resnetspark.model;

/**
 * The batch normalisation settings of every network, DL4J's defaults written down so that other
 * engines can match them. The decay is DL4J's convention (the weight of the old running
 * statistics); torch's momentum is one minus it.
 */
public final class BatchNormSettings {

  public static final double DECAY = 0.9;

  public static final double EPSILON = 1e-5;

  private BatchNormSettings() {}
}
