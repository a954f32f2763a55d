package org.resnetspark.checkpoint;

import java.io.IOException;
import java.util.Optional;

/**
 * A checkpoint could not be written (the storage is full, over its quota, unwritable, or gone).
 * Says which checkpoint, why, what is still intact, and how to continue once the storage is fixed.
 */
public class CheckpointWriteException extends IOException {
  CheckpointWriteException(String target, Optional<String> previous, String runDir, IOException e) {
    super(
        "Could not write checkpoint "
            + target
            + ": "
            + e.getClass().getSimpleName()
            + ": "
            + firstLine(e.getMessage())
            + ". "
            + previous
                .map(
                    p ->
                        "The previous checkpoint "
                            + p
                            + " is intact and 'latest' still points at it. Free space (or raise"
                            + " the quota, or fix the permissions) on the run's storage, then"
                            + " continue with: train --resume "
                            + runDir)
                .orElse(
                    "There is no earlier checkpoint of this run. Free space (or raise the quota,"
                        + " or fix the permissions) on the run's storage and start it again."),
        e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).trim();
  }
}
