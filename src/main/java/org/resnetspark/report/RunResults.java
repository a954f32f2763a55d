package org.resnetspark.report;

import java.sql.Timestamp;
import java.util.List;

/**
 * What the result tables hold about one run: its {@code runs} row, its {@code epoch_metrics} and
 * {@code checkpoints} rows, and the per-class metrics and confusion cells of its latest evaluation.
 */
public record RunResults(
    Run run, List<Epoch> epochs, List<Saved> checkpoints, Evaluation evaluation) {

  /** A {@code runs} row. */
  public record Run(
      String runId,
      String parentRunId,
      String model,
      String dataset,
      String config,
      String status,
      Timestamp startedAt,
      Timestamp finishedAt,
      Integer workers,
      Long trainableParams) {}

  /** An {@code epoch_metrics} row; NULL columns are null. */
  public record Epoch(
      int epoch,
      long globalStep,
      String split,
      Double loss,
      Double top1,
      Double top5,
      Double lr,
      Double imagesPerSec,
      Double durationS,
      Double penalty) {}

  /** A {@code checkpoints} row. */
  public record Saved(
      int epoch, long globalStep, String path, String checksum, long sizeBytes, boolean isBest) {}

  /** A {@code class_metrics} row. */
  public record ClassRow(
      int classIndex,
      String classId,
      String className,
      Double precision,
      Double recall,
      Double f1,
      long support) {}

  /** A non-zero {@code confusion} cell. */
  public record Cell(int actual, int predicted, long count) {}

  /** The per-class metrics and confusion matrix of one epoch and split; empty when none. */
  public record Evaluation(int epoch, String split, List<ClassRow> classes, List<Cell> cells) {
    public boolean isEmpty() {
      return classes.isEmpty();
    }
  }

  public String runId() {
    return run.runId();
  }

  /** The rows of one split, in epoch order. */
  public List<Epoch> split(String name) {
    return epochs.stream().filter(e -> name.equals(e.split())).toList();
  }
}
