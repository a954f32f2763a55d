package org.resnetspark.tables;

import java.sql.Timestamp;

/**
 * A row of {@code runs}: a training run or an evaluation. Built from {@link #of(String)} with named
 * steps, so no two text columns can be given in each other's place.
 */
public record RunRow(
    String runId,
    String parentRunId,
    String model,
    String dataset,
    String config,
    String status,
    Timestamp startedAt,
    Timestamp finishedAt,
    Integer workers,
    Long trainableParams)
    implements TableRow {

  /** A row with only its id; the other columns are set with the {@code with...} steps. */
  public static RunRow of(String runId) {
    return new RunRow(runId, null, null, null, null, null, null, null, null, null);
  }

  public RunRow withParent(String parent) {
    return new RunRow(
        runId,
        parent,
        model,
        dataset,
        config,
        status,
        startedAt,
        finishedAt,
        workers,
        trainableParams);
  }

  public RunRow withModel(String name) {
    return new RunRow(
        runId,
        parentRunId,
        name,
        dataset,
        config,
        status,
        startedAt,
        finishedAt,
        workers,
        trainableParams);
  }

  public RunRow withDataset(String location) {
    return new RunRow(
        runId,
        parentRunId,
        model,
        location,
        config,
        status,
        startedAt,
        finishedAt,
        workers,
        trainableParams);
  }

  public RunRow withConfig(String json) {
    return new RunRow(
        runId,
        parentRunId,
        model,
        dataset,
        json,
        status,
        startedAt,
        finishedAt,
        workers,
        trainableParams);
  }

  public RunRow withWorkers(int count) {
    return new RunRow(
        runId,
        parentRunId,
        model,
        dataset,
        config,
        status,
        startedAt,
        finishedAt,
        count,
        trainableParams);
  }

  /** The parameters training updates (BN running statistics excluded). */
  public RunRow withTrainableParams(long count) {
    return new RunRow(
        runId, parentRunId, model, dataset, config, status, startedAt, finishedAt, workers, count);
  }

  /** Started at {@code started}, not finished yet, with this status. */
  public RunRow running(String runningStatus, Timestamp started) {
    return new RunRow(
        runId,
        parentRunId,
        model,
        dataset,
        config,
        runningStatus,
        started,
        null,
        workers,
        trainableParams);
  }

  /** Started at {@code started}, ended at {@code finished} with this status. */
  public RunRow ended(String endStatus, Timestamp started, Timestamp finished) {
    return new RunRow(
        runId,
        parentRunId,
        model,
        dataset,
        config,
        endStatus,
        started,
        finished,
        workers,
        trainableParams);
  }

  @Override
  public TableSchema table() {
    return TableSchema.RUNS;
  }
}
