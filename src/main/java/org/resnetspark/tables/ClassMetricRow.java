package org.resnetspark.tables;

/** A row of {@code class_metrics}: one class's precision, recall and F1 in one evaluation. */
public record ClassMetricRow(
    String runId,
    int epoch,
    String split,
    int classIndex,
    String classId,
    String className,
    Double precision,
    Double recall,
    Double f1,
    long support)
    implements TableRow {

  @Override
  public TableSchema table() {
    return TableSchema.CLASS_METRICS;
  }
}
