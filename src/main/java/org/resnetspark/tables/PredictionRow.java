package org.resnetspark.tables;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.List;

/**
 * A row of {@code predictions}: one image scored by one checkpoint, keyed by the checkpoint's and
 * the image's SHA-256, so scoring the same image with the same model again adds nothing.
 *
 * @param predictionId the predict job that scored it
 * @param runId the run of the checkpoint
 * @param topClasses the model's class indices, most probable first
 * @param label the class index the source's layout gives, or null
 */
public record PredictionRow(
    String predictionId,
    String runId,
    String checkpoint,
    String checkpointSha256,
    String imagePath,
    String imageSha256,
    List<Integer> topClasses,
    List<String> topNames,
    List<Double> topScores,
    Integer label,
    Timestamp predictedAt)
    implements TableRow, Serializable {

  @Override
  public TableSchema table() {
    return TableSchema.PREDICTIONS;
  }
}
