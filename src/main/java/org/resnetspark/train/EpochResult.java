package org.resnetspark.train;

import org.resnetspark.model.OutputScore;

/**
 * What one training epoch did, as measured on the driver. {@code trained}: the cross-entropy and
 * top-1/top-5 hits of every minibatch as the workers trained it (before its update); {@code
 * penalty}: the weight-decay term of the averaged parameters at the end of the epoch, which DL4J's
 * own score would have added to the loss.
 */
public record EpochResult(
    int epoch,
    long globalStep,
    OutputScore trained,
    double penalty,
    double learningRate,
    long examples,
    double imagesPerSec,
    double durationSeconds) {

  /** Mean cross-entropy over the epoch's minibatches as trained. */
  public double trainLoss() {
    return trained.loss();
  }

  /** Top-1 error over the epoch's minibatches as trained. */
  public double trainError() {
    return 1 - trained.top1Accuracy();
  }
}
