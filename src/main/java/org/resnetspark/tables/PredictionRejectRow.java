package org.resnetspark.tables;

import java.io.Serializable;
import java.sql.Timestamp;

/**
 * A row of {@code prediction_rejects}: an image a checkpoint could not score, and why; keyed by the
 * checkpoint's SHA-256 and the image's path, so a later run replaces the reason.
 *
 * @param imageSha256 the file's SHA-256, null when it was not read (too large)
 */
public record PredictionRejectRow(
    String predictionId,
    String runId,
    String checkpoint,
    String checkpointSha256,
    String imagePath,
    String imageSha256,
    String reason,
    Timestamp rejectedAt)
    implements TableRow, Serializable {

  @Override
  public TableSchema table() {
    return TableSchema.PREDICTION_REJECTS;
  }
}
