package org.resnetspark.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.Settings;
import org.resnetspark.job.EvaluateJob;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.progress.ProgressOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Evaluates any checkpoint on any prepared split and records the result in the tables. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a checkpoint on a split of prepared shards, distributed over the executors.",
      "Records loss, top-1, top-5 (resnet.epoch_metrics), per-class metrics"
          + " (resnet.class_metrics) and the confusion matrix (resnet.confusion) under a new"
          + " evaluation id, with the checkpoint's run as its parent in resnet.runs."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(
      names = "--checkpoint",
      required = true,
      paramLabel = "URI",
      description = "A checkpoint folder, e.g. <work-dir>/runs/<run-id>/checkpoints/epoch-0001.")
  String checkpoint;

  @Option(
      names = "--data",
      paramLabel = "URI",
      description = "Prepared shards (the folder of manifest.json); default data.shards.")
  String data;

  @Option(
      names = "--split",
      defaultValue = "val",
      paramLabel = "NAME",
      description = "The split to evaluate (default: ${DEFAULT-VALUE}).")
  String split;

  @Override
  public Integer call() throws Exception {
    Settings settings = options.settings();
    SparkSession spark = SparkSessions.create(settings, options.master);
    EvaluateJob.run(
        spark,
        checkpoint,
        data == null ? settings.data().shards() : data,
        split,
        ProgressOutput.forConsole(System.out));
    return 0;
  }
}
