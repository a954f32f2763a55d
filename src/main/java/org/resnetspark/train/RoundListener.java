package org.resnetspark.train;

/**
 * Told after every averaging round that passed the divergence checks, with the averaged parameters
 * in the trainer's network (e.g. to write a checkpoint in the middle of a long epoch).
 */
@FunctionalInterface
public interface RoundListener {
  RoundListener NONE = (position, globalStep, learningRate) -> {};

  /** {@code position}: the epoch after this round; {@code learningRate}: the round's rate. */
  void roundDone(EpochPosition position, long globalStep, double learningRate);
}
