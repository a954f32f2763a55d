package org.resnetspark.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.ConfigException;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.ShardInput;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.eval.SparkEvaluator;
import org.resnetspark.progress.ProgressListener;
import org.resnetspark.progress.ProgressOutput;
import org.resnetspark.tables.EpochMetricRow;
import org.resnetspark.tables.ResultTables;
import org.resnetspark.tables.RunRow;

/**
 * Evaluates one checkpoint on one split of prepared shards, in order: checkpoint (checksum
 * verified) -> manifest -> distributed evaluation -> rows. The rows are keyed by a new evaluation
 * id, recorded in {@code runs} with the checkpoint's run as its parent, and the checkpoint's epoch;
 * so an evaluation never overwrites what training recorded (its {@code train} rows are training
 * loss and throughput, not an evaluation of the train split).
 */
public final class EvaluateJob {
  static final String STATUS = "evaluated";

  private EvaluateJob() {}

  /** What an evaluation reports. */
  record Outcome(String evaluationId, Checkpoint checkpoint, String split, EvalResult result) {}

  public static Outcome run(
      SparkSession spark, String checkpointDir, String dataDir, String split, ProgressOutput out)
      throws IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    LoadedCheckpoint loaded = LoadedCheckpoint.verified(checkpointDir, hadoop);
    Checkpoint checkpoint = loaded.checkpoint();
    ComputationGraph net = loaded.network();

    Manifest manifest = Manifest.read(dataDir, hadoop);
    if (!manifest.splits().containsKey(split)) {
      throw new ConfigException(
          "Invalid --split: %s (expected one of %s in %s)",
          split, manifest.splits().keySet(), dataDir);
    }
    long outputs = loaded.outputs();
    if (outputs != manifest.numClasses()) {
      throw new ConfigException(
          "Invalid --data: %s (has %d classes; the model of %s predicts %d)",
          dataDir, manifest.numClasses(), checkpointDir, outputs);
    }

    CheckpointState state = checkpoint.state();
    String evaluationId = "eval-" + RunIds.next();
    ShardInput input = ShardInput.of(manifest, split, Augmentation.NONE, 0);
    int partitions = sc.defaultParallelism();
    Timestamp started = now();
    ProgressListener listener = new ProgressListener(out);
    listener.phase("evaluating " + split);
    sc.sc().addSparkListener(listener);
    EvalResult result;
    try {
      result =
          SparkEvaluator.evaluate(
              sc,
              net,
              input,
              manifest.classes().stream().map(Manifest.ClassEntry::id).toList(),
              partitions);
    } finally {
      sc.sc().removeSparkListener(listener);
    }
    Timestamp finished = now();
    out.line(
        String.format(
            Locale.ROOT,
            "evaluation %s of run %s epoch %d on %s (%d examples): loss %.4f, top-1 %.4f,"
                + " top-5 %.4f",
            evaluationId,
            state.runId(),
            state.epoch(),
            split,
            result.examples(),
            result.loss(),
            result.top1(),
            result.top5()));

    ResultTables tables = new ResultTables(spark);
    tables.upsert(
        EpochMetricRow.evaluation(evaluationId, state, split, result, finished)
            .withLr(state.learningRate()));
    tables.recordEvaluation(evaluationId, state.epoch(), split, result, manifest.classes());
    tables.upsert(
        runRow(spark, evaluationId, checkpoint, dataDir, split, started, finished, partitions));
    out.line(
        "recorded as run_id "
            + evaluationId
            + " (parent_run_id "
            + state.runId()
            + ") in resnet.epoch_metrics, resnet.class_metrics and resnet.confusion");
    return new Outcome(evaluationId, checkpoint, split, result);
  }

  private static RunRow runRow(
      SparkSession spark,
      String evaluationId,
      Checkpoint checkpoint,
      String dataDir,
      String split,
      Timestamp started,
      Timestamp finished,
      int partitions)
      throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("command", "evaluate");
    config.put("checkpoint", checkpoint.path());
    config.put("checkpoint_sha256", checkpoint.state().modelSha256());
    config.put("data", dataDir);
    config.put("split", split);
    return RunRow.of(evaluationId)
        .withParent(checkpoint.state().runId())
        .withModel(modelOf(spark, checkpoint.state().runId()))
        .withDataset(dataDir)
        .withConfig(new ObjectMapper().writeValueAsString(config))
        .withWorkers(partitions)
        .ended(STATUS, started, finished);
  }

  /** The variant the checkpoint's run trained, if that run is recorded in this catalog. */
  private static String modelOf(SparkSession spark, String runId) {
    List<Row> rows =
        spark
            .sql(
                "SELECT model FROM resnet.runs WHERE run_id = " + functions.lit(runId).expr().sql())
            .collectAsList();
    return rows.isEmpty() ? null : rows.get(0).getString(0);
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }
}
