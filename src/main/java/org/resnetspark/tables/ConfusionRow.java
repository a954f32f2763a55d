package org.resnetspark.tables;

/** A row of {@code confusion}: how often one class was predicted as another in one evaluation. */
public record ConfusionRow(
    String runId, int epoch, String split, int actualClass, int predictedClass, long count)
    implements TableRow {

  @Override
  public TableSchema table() {
    return TableSchema.CONFUSION;
  }
}
