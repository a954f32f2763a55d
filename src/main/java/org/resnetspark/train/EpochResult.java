package org.resnetspark.train;

/** What one training epoch did, as measured on the driver. */
public record EpochResult(
    int epoch,
    long globalStep,
    double trainLoss,
    double learningRate,
    long examples,
    double imagesPerSec,
    double durationSeconds) {}
