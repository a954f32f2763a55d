package org.resnetspark.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.resnetspark.config.Metric;
import org.resnetspark.data.Scoring;
import org.resnetspark.files.FormatVersion;
import org.resnetspark.train.EpochPosition;

/**
 * What a checkpoint holds besides the model: where training stood, the seed that drives data order
 * and augmentation, the hash of the configuration, the validation metrics and the SHA-256 of the
 * model file; {@code learningRateScale} is the factor divergence rollbacks have put on the
 * schedule's rate so far (1 without any); {@code formatVersion} is the version of the file's format
 * ({@link #FORMAT_VERSION}, 0 for files written before it was recorded).
 *
 * <p>{@code position} is null for an epoch checkpoint (written when {@code epoch} was done) and,
 * for a round checkpoint, where it stands inside {@code epoch}: rounds done, the plan's seed and
 * the scores so far (format version 2; earlier files hold epoch checkpoints only).
 *
 * <p>{@code metricsVersion} says what the metrics mean. Version {@value #METRICS_VERSION}: {@code
 * loss} is the mean cross-entropy alone and {@code penalty} the weight-decay term beside it. State
 * files written before (read as 0) hold DL4J's score as {@code loss}, the cross-entropy plus the
 * penalty, which must not be compared with a newer loss.
 *
 * <p>{@code scoring} (format version 2) is what {@code predict} needs to score new images with the
 * model: input size, normalisation, resizing and encoding, class ids and names. States written
 * before hold none; see {@code predict/ScoringCheckpoint} for how such a checkpoint is scored.
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
    int formatVersion,
    int metricsVersion,
    EpochPosition position,
    Scoring scoring) {

  /** The format of {@code state.json} this build writes; files without one read as 0. */
  public static final int FORMAT_VERSION = 2;

  /** The meaning of the metrics this build records; files without one read as 0. */
  public static final int METRICS_VERSION = 2;

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
        formatVersion,
        metricsVersion,
        position,
        scoring);
  }

  public CheckpointKind kind() {
    return position == null ? CheckpointKind.EPOCH : CheckpointKind.ROUND;
  }

  /** The epochs finished when this checkpoint was written. */
  public int epochsDone() {
    return position == null ? epoch : epoch - 1;
  }

  /** Whether {@code metric} means here what it means in a state written now. */
  public boolean comparable(Metric metric) {
    return metricsVersion >= METRICS_VERSION || metric != Metric.LOSS;
  }

  /** The same state with metrics measured now (e.g. an old checkpoint evaluated again). */
  public CheckpointState withCurrentMetrics(Map<String, Double> current) {
    return new CheckpointState(
        runId,
        epoch,
        globalStep,
        learningRate,
        seed,
        configHash,
        current,
        modelSha256,
        modelBytes,
        createdAt,
        learningRateScale,
        FORMAT_VERSION,
        METRICS_VERSION,
        position,
        scoring);
  }
}
