package org.resnetspark.tables;

import java.sql.Timestamp;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.train.EpochResult;

/**
 * A row of {@code epoch_metrics}: an epoch's training loss and throughput (split {@code train}) or
 * an evaluation of its model on a split.
 */
public record EpochMetricRow(
    String runId,
    int epoch,
    long globalStep,
    String split,
    double loss,
    Double top1,
    Double top5,
    Double lr,
    Double imagesPerSec,
    Double durationS,
    Timestamp recordedAt,
    Double penalty)
    implements TableRow {

  public static final String TRAIN = "train";

  /**
   * The training side of an epoch: loss and top-1/top-5 of the minibatches as trained (NULL when
   * none was scored), learning rate, throughput, duration and the weight-decay penalty.
   */
  public static EpochMetricRow training(String runId, EpochResult r, Timestamp at) {
    boolean scored = r.trained().examples() > 0;
    return new EpochMetricRow(
        runId,
        r.epoch(),
        r.globalStep(),
        TRAIN,
        r.trainLoss(),
        scored ? r.trained().top1Accuracy() : null,
        scored ? r.trained().top5Accuracy() : null,
        r.learningRate(),
        r.imagesPerSec(),
        r.durationSeconds(),
        at,
        r.penalty());
  }

  /** An evaluation at the end of a training epoch, with the epoch's learning rate. */
  public static EpochMetricRow evaluation(
      String runId, EpochResult r, String split, EvalResult result, Timestamp at) {
    return new EpochMetricRow(
        runId,
        r.epoch(),
        r.globalStep(),
        split,
        result.loss(),
        result.top1(),
        result.top5(),
        r.learningRate(),
        null,
        null,
        at,
        result.penalty());
  }

  /** An evaluation of a saved checkpoint, at its epoch and step, without a learning rate. */
  public static EpochMetricRow evaluation(
      String runId, CheckpointState state, String split, EvalResult result, Timestamp at) {
    return new EpochMetricRow(
        runId,
        state.epoch(),
        state.globalStep(),
        split,
        result.loss(),
        result.top1(),
        result.top5(),
        null,
        null,
        null,
        at,
        result.penalty());
  }

  /** The same row with the learning rate the model was trained with. */
  public EpochMetricRow withLr(double rate) {
    return new EpochMetricRow(
        runId,
        epoch,
        globalStep,
        split,
        loss,
        top1,
        top5,
        rate,
        imagesPerSec,
        durationS,
        recordedAt,
        penalty);
  }

  @Override
  public TableSchema table() {
    return TableSchema.EPOCH_METRICS;
  }
}
