package org.resnetspark.checkpoint;

/** A complete checkpoint directory and its state. */
public record Checkpoint(String path, CheckpointState state) {
  public String modelPath() {
    return path + "/" + CheckpointStore.MODEL_FILE;
  }
}
