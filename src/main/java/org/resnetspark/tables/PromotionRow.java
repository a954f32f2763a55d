package org.resnetspark.tables;

import java.sql.Timestamp;

/**
 * A row of {@code promotions}: one retraining generation's champion/challenger decision. Built from
 * {@link #of(String, int)} with named steps that each take a column with its partners, so no two
 * scores or names can be given in each other's place.
 */
public record PromotionRow(
    String pipeline,
    int generation,
    String runId,
    String championRunId,
    String metric,
    double margin,
    double challengerScore,
    Double championScore,
    Double newDataScore,
    long newImages,
    boolean promoted,
    String reason,
    String checkpoint,
    Timestamp decidedAt)
    implements TableRow {

  /** The row of generation {@code generation} of the pipeline rooted at {@code pipeline}. */
  public static PromotionRow of(String pipeline, int generation) {
    return new PromotionRow(
        pipeline, generation, null, null, null, 0, 0, null, null, 0, false, null, null, null);
  }

  /** The challenger: its run, its score on the holdout and its checkpoint. */
  public PromotionRow challenger(String run, double score, String checkpointPath) {
    return new PromotionRow(
        pipeline,
        generation,
        run,
        championRunId,
        metric,
        margin,
        score,
        championScore,
        newDataScore,
        newImages,
        promoted,
        reason,
        checkpointPath,
        decidedAt);
  }

  /** The champion it met, and the champion's score on the same holdout (none for the first). */
  public PromotionRow champion(String run, Double score) {
    return new PromotionRow(
        pipeline,
        generation,
        runId,
        run,
        metric,
        margin,
        challengerScore,
        score,
        newDataScore,
        newImages,
        promoted,
        reason,
        checkpoint,
        decidedAt);
  }

  /** How many images were new, and the challenger's score on their validation part. */
  public PromotionRow newData(long images, Double score) {
    return new PromotionRow(
        pipeline,
        generation,
        runId,
        championRunId,
        metric,
        margin,
        challengerScore,
        championScore,
        score,
        images,
        promoted,
        reason,
        checkpoint,
        decidedAt);
  }

  /** The metric compared and the margin the challenger had to win by. */
  public PromotionRow comparedBy(String metricKey, double requiredMargin) {
    return new PromotionRow(
        pipeline,
        generation,
        runId,
        championRunId,
        metricKey,
        requiredMargin,
        challengerScore,
        championScore,
        newDataScore,
        newImages,
        promoted,
        reason,
        checkpoint,
        decidedAt);
  }

  /** Promoted, with the reason, decided at {@code at}. */
  public PromotionRow promoted(String why, Timestamp at) {
    return decided(true, why, at);
  }

  /** Not promoted, with the reason, decided at {@code at}. */
  public PromotionRow kept(String why, Timestamp at) {
    return decided(false, why, at);
  }

  private PromotionRow decided(boolean isPromoted, String why, Timestamp at) {
    return new PromotionRow(
        pipeline,
        generation,
        runId,
        championRunId,
        metric,
        margin,
        challengerScore,
        championScore,
        newDataScore,
        newImages,
        isPromoted,
        why,
        checkpoint,
        at);
  }

  @Override
  public TableSchema table() {
    return TableSchema.PROMOTIONS;
  }
}
