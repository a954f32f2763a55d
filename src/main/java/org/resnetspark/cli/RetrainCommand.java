package org.resnetspark.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.retrain.RetrainJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Folds new images into the pipeline, fine-tunes the champion and promotes it if better. */
@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    description = {
      "Prepare the images new in retrain.source since the last generation, fine-tune the"
          + " champion on old + new data, and promote the new model if it beats the champion on"
          + " the fixed holdout by retrain.margin on retrain.metric.",
      "A source with nothing new is a no-op (exit 0). An unfinished generation is continued."
          + " Another retrain of the same pipeline running: exit 2."
    })
final class RetrainCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--force", description = "Train a new generation even with nothing new.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    ResolvedConfig resolved = options.resolved();
    SparkSession spark = SparkSessions.create(resolved.settings(), options.master);
    RetrainJob.run(
        spark, resolved.settings(), resolved.json(), new PrintStream(System.out, true), force);
    return 0;
  }
}
