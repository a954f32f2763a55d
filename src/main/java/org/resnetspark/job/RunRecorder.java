package org.resnetspark.job;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.config.Settings;
import org.resnetspark.data.Manifest;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.tables.CheckpointRow;
import org.resnetspark.tables.EpochMetricRow;
import org.resnetspark.tables.ResultTables;
import org.resnetspark.tables.RunRow;
import org.resnetspark.train.EpochResult;

/**
 * A training run's rows in the result tables: its {@code runs} row, each epoch's rows, and its
 * round checkpoints.
 */
final class RunRecorder {
  private final ResultTables tables;
  private final String runId;
  private final RunRow run;
  private final Timestamp started = now();

  private RunRecorder(
      SparkSession spark,
      String runId,
      String parentRunId,
      Settings settings,
      String configJson,
      int workers,
      long trainableParams) {
    this.tables = new ResultTables(spark);
    this.runId = runId;
    this.run =
        RunRow.of(runId)
            .withParent(parentRunId)
            .withModel(settings.model().variant())
            .withDataset(settings.data().shards())
            .withConfig(configJson)
            .withWorkers(workers)
            .withTrainableParams(trainableParams);
  }

  /** Records the run as running. */
  static RunRecorder started(
      SparkSession spark,
      String runId,
      String parentRunId,
      Settings settings,
      String configJson,
      int workers,
      long trainableParams) {
    RunRecorder recorder =
        new RunRecorder(spark, runId, parentRunId, settings, configJson, workers, trainableParams);
    recorder.tables.upsert(recorder.run.running("running", recorder.started));
    return recorder;
  }

  /** An epoch's training and validation metrics, per-class metrics, confusion and checkpoint. */
  void epoch(
      EpochResult trained,
      EvalResult val,
      EpochCheckpoints.Saved saved,
      List<Manifest.ClassEntry> classes) {
    Timestamp at = now();
    tables.upsert(
        List.of(
            EpochMetricRow.training(runId, trained, at),
            EpochMetricRow.evaluation(runId, trained, "val", val, at)));
    tables.recordEvaluation(runId, trained.epoch(), "val", val, classes);
    tables.upsert(CheckpointRow.of(saved.checkpoint(), saved.best(), at));
  }

  /** A round checkpoint, written inside an epoch. */
  void roundCheckpoint(Checkpoint written) {
    tables.upsert(CheckpointRow.of(written, Optional.empty(), now()));
  }

  /** Records the run as finished. */
  void finished() {
    tables.upsert(run.ended("finished", started, now()));
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }
}
