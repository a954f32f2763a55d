package org.resnetspark.train;

import java.io.Serializable;
import org.resnetspark.model.OutputScore;

/**
 * Where an epoch stands after {@code round} of its {@code rounds} averaging rounds: the seed of its
 * plan ({@code planSeed}: data order and augmentation) and the scores of the minibatches trained so
 * far. Training continued from here fits the remaining rounds of the same plan at the same learning
 * rates, and reports the epoch's training loss over all of its rounds.
 */
public record EpochPosition(
    int epoch, int round, int rounds, long planSeed, OutputScore trainedSoFar)
    implements Serializable {

  /** Whether every round of the epoch is done. */
  public boolean finished() {
    return round >= rounds;
  }
}
