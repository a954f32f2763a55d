package org.resnetspark.tables;

import org.resnetspark.data.Manifest;
import org.resnetspark.eval.ClassMetrics;

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

  /** Class {@code c}'s metrics {@code m} in the evaluation of a run's epoch on a split. */
  public static ClassMetricRow of(
      String runId, int epoch, String split, Manifest.ClassEntry c, ClassMetrics m) {
    return new ClassMetricRow(
        runId,
        epoch,
        split,
        c.index(),
        c.id(),
        c.name(),
        m.precision(),
        m.recall(),
        m.f1(),
        m.support());
  }

  @Override
  public TableSchema table() {
    return TableSchema.CLASS_METRICS;
  }
}
