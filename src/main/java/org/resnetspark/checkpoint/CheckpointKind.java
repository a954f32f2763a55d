package org.resnetspark.checkpoint;

/**
 * An epoch checkpoint ({@code epoch-NNNN/}) is written at the end of an epoch, with validation
 * metrics, and may become {@code best}; a round checkpoint ({@code step-NNNNNNNN/}, by global step)
 * is written inside an epoch every {@code checkpoint.every-rounds} rounds, without metrics, so that
 * a fault costs a few rounds rather than the whole epoch.
 */
public enum CheckpointKind {
  EPOCH("epoch", "epoch-%04d"),
  ROUND("round", "step-%08d");

  private final String configName;
  private final String directoryFormat;

  CheckpointKind(String configName, String directoryFormat) {
    this.configName = configName;
    this.directoryFormat = directoryFormat;
  }

  /** The name tables and listings show: {@code epoch} or {@code round}. */
  public String configName() {
    return configName;
  }

  /** {@code number}: the epoch of an epoch checkpoint, the global step of a round checkpoint. */
  String directoryName(long number) {
    return String.format(directoryFormat, number);
  }

  /** Whether {@code name} is the directory of a checkpoint of this kind. */
  boolean names(String name) {
    return name.matches(directoryFormat.substring(0, directoryFormat.indexOf('-')) + "-\\d+");
  }
}
