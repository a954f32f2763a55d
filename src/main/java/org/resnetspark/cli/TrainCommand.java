package org.resnetspark.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.job.RunConfig;
import org.resnetspark.job.RunStart;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.job.TrainJob;
import org.resnetspark.progress.Progress;
import org.resnetspark.progress.ProgressOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains the configured variant on prepared shards with parameter averaging. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train model.variant on the shards in data.shards (written by prepare).",
      "Each epoch is evaluated on the val split, checkpointed under"
          + " <work-dir>/runs/<run-id>/checkpoints and recorded in the resnet.* tables."
    })
final class TrainCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(
      names = "--resume",
      paramLabel = "RUN_DIR",
      description =
          "Continue this run from its latest checkpoint, with its saved configuration"
              + " (<run-dir>/config.json) unless --config is given.")
  String resume;

  @Option(
      names = "--allow-config-change",
      description = "With --resume: accept a configuration that differs from the run's.")
  boolean allowConfigChange;

  @Override
  public Integer call() throws Exception {
    ResolvedConfig resolved =
        resume == null
            ? options.resolved()
            : (allowConfigChange
                ? RunConfig.forResumeAllowingChange(resume, options.config, options.overrides)
                : RunConfig.forResume(resume, options.config, options.overrides));
    SparkSession spark = SparkSessions.create(resolved.settings(), options.master);
    TrainJob.run(
        spark,
        resolved.settings(),
        resolved.json(),
        resume == null ? RunStart.fresh(resolved.settings()) : RunStart.resuming(resume),
        new Progress(ProgressOutput.forConsole(System.out)));
    return 0;
  }
}
