package org.resnetspark.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.train.DistributedTrainer;
import org.resnetspark.train.EpochPosition;
import org.resnetspark.train.EpochResult;

/**
 * Where training goes on: at the start of {@code epoch}, or, after a round checkpoint, inside it
 * ({@code inside}: the rounds done, the plan's seed, the scores so far).
 */
record ResumePoint(int epoch, EpochPosition inside) {
  static final ResumePoint START = new ResumePoint(1, null);

  /** Right after the checkpoint whose state this is. */
  static ResumePoint after(CheckpointState state) {
    return state.position() == null
        ? new ResumePoint(state.epoch() + 1, null)
        : new ResumePoint(state.epoch(), state.position());
  }

  /**
   * Trains {@code epoch}: its remaining rounds if this point is inside it, else all of them. A
   * round checkpoint that could not be written fails with its own I/O error.
   */
  EpochResult train(DistributedTrainer trainer, int epoch) throws IOException {
    try {
      return inside != null && inside.epoch() == epoch
          ? trainer.continueEpoch(inside)
          : trainer.trainEpoch(epoch);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** How the resume line names this point. */
  String describe(CheckpointState state) {
    return inside == null
        ? String.format("after epoch %d (step %d)", state.epoch(), state.globalStep())
        : String.format(
            "in epoch %d after round %d/%d (step %d)",
            inside.epoch(), inside.round(), inside.rounds(), state.globalStep());
  }
}
