package org.resnetspark.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.resnetspark.files.FormatVersion;

/**
 * What a checkpoint holds besides the model: where training stood, the seed that drives data order
 * and augmentation, the hash of the configuration, the validation metrics and the SHA-256 of the
 * model file; {@code learningRateScale} is the factor divergence rollbacks have put on the
 * schedule's rate so far (1 without any); {@code formatVersion} is the version of the file's format
 * ({@link #FORMAT_VERSION}, 0 for files written before it was recorded).
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
    double learningRateScale,
    int formatVersion) {

  /** The format of {@code state.json} this build writes; files without one read as 0. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a {@code state.json}, of this format version or an earlier one. */
  public static CheckpointState read(InputStream in, String file) throws IOException {
    CheckpointState state = JSON.readValue(in, CheckpointState.class);
    FormatVersion.check(state.formatVersion(), FORMAT_VERSION, file);
    return state;
  }

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
        learningRateScale,
        formatVersion);
  }
}
