package org.resnetspark.job;

import java.io.IOException;
import java.util.Optional;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Settings;

/**
 * How a run begins: in its directory, with a new network, from the run's own latest checkpoint
 * (resume), or from another run's checkpoint to fine-tune (a warm start, whose run becomes the
 * parent).
 */
public final class RunStart {
  private final String runDir;
  private final boolean resume;
  private final Checkpoint warmStart;
  private final String parentRunId;

  private RunStart(String runDir, boolean resume, Checkpoint warmStart, String parentRunId) {
    this.runDir = runDir;
    this.resume = resume;
    this.warmStart = warmStart;
    this.parentRunId = parentRunId;
  }

  /** A new run with a new id under {@code storage.work-dir/runs}. */
  public static RunStart fresh(Settings settings) {
    return inDirectory(settings.storage().runsDir() + "/" + RunIds.next());
  }

  /** A new network in the given run directory. */
  public static RunStart inDirectory(String runDir) {
    return new RunStart(runDir, false, null, null);
  }

  /** Continues the run in {@code runDir} from its latest checkpoint. */
  public static RunStart resuming(String runDir) {
    return new RunStart(runDir, true, null, null);
  }

  /** A new run in {@code runDir} that fine-tunes {@code from}, a checkpoint of {@code parent}. */
  public static RunStart warmStart(String runDir, Checkpoint from, String parentRunId) {
    return new RunStart(runDir, false, from, parentRunId);
  }

  public String runDir() {
    return runDir;
  }

  Optional<Checkpoint> warmStart() {
    return Optional.ofNullable(warmStart);
  }

  String parentRunId() {
    return parentRunId;
  }

  /** The checkpoint a resumed run continues from; empty for a new run. */
  Optional<Checkpoint> resumePoint(CheckpointStore checkpoints) throws IOException {
    if (!resume) {
      return Optional.empty();
    }
    return Optional.of(
        checkpoints
            .latest()
            .orElseThrow(
                () ->
                    new ConfigException(
                        "Nothing to resume: no complete checkpoint under %s/checkpoints (start a"
                            + " new run without --resume)",
                        runDir)));
  }
}
