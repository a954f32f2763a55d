package org.resnetspark.tables;

import java.util.ArrayList;
import java.util.List;
import org.resnetspark.data.Manifest;
import org.resnetspark.eval.ClassMetrics;
import org.resnetspark.eval.EvalResult;

/** The rows of {@code class_metrics} and {@code confusion} for one evaluation. */
public final class EvaluationRows {
  private EvaluationRows() {}

  /** One row per class of the manifest, by class index. */
  public static List<ClassMetricRow> classMetrics(
      String runId, int epoch, String split, EvalResult result, List<Manifest.ClassEntry> classes) {
    if (classes.size() != result.numClasses()) {
      throw new IllegalArgumentException(
          "The evaluation has "
              + result.numClasses()
              + " classes but the manifest "
              + classes.size());
    }
    List<ClassMetrics> metrics = result.perClass();
    List<ClassMetricRow> rows = new ArrayList<>(classes.size());
    for (Manifest.ClassEntry c : classes) {
      rows.add(ClassMetricRow.of(runId, epoch, split, c, metrics.get(c.index())));
    }
    return rows;
  }

  /** The non-zero cells of the confusion matrix. */
  public static List<ConfusionRow> confusion(
      String runId, int epoch, String split, EvalResult result) {
    List<ConfusionRow> rows = new ArrayList<>();
    for (int actual = 0; actual < result.numClasses(); actual++) {
      for (int predicted = 0; predicted < result.numClasses(); predicted++) {
        long count = result.count(actual, predicted);
        if (count > 0) {
          rows.add(new ConfusionRow(runId, epoch, split, actual, predicted, count));
        }
      }
    }
    return rows;
  }
}
