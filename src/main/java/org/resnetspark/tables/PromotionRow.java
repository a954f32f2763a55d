package org.resnetspark.tables;

import java.sql.Timestamp;

/** A row of {@code promotions}: one retraining generation's champion/challenger decision. */
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

  @Override
  public TableSchema table() {
    return TableSchema.PROMOTIONS;
  }
}
