package org.resnetspark.checkpoint;

import java.util.Map;

/**
 * What a checkpoint holds besides the model: where training stood, the seed that drives data order
 * and augmentation, the hash of the configuration, the validation metrics and the SHA-256 of the
 * model file; {@code learningRateScale} is the factor divergence rollbacks have put on the
 * schedule's rate so far (1 without any).
 */
public record CheckpointState(
    String runId,
    int epoch,
    long globalStep,
    double learningRate,
    long seed,
    String configHash,
    Map<String, Double> metrics,
    String modelSha256,
    long modelBytes,
    String createdAt,
    double learningRateScale) {

  /** The scale to resume with; state files written before it was recorded read 0, meaning 1. */
  public double rateScale() {
    return learningRateScale > 0 ? learningRateScale : 1;
  }

  public CheckpointState withModel(String sha256, long bytes) {
    return new CheckpointState(
        runId,
        epoch,
        globalStep,
        learningRate,
        seed,
        configHash,
        metrics,
        sha256,
        bytes,
        createdAt,
        learningRateScale);
  }
}
