package org.resnetspark.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.Settings;
import org.resnetspark.data.PrepareJob;
import org.resnetspark.data.PrepareOptions;
import org.resnetspark.job.PrepareSettings;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.progress.ProgressOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shards a raw image collection into training shards and a manifest. */
@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = "Shard an image collection (ImageNet layout, class folders or IDX) for training.")
final class PrepareCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--source", paramLabel = "URI", description = "Default: data.source.")
  String source;

  @Option(names = "--out", paramLabel = "URI", description = "Default: data.shards.")
  String out;

  @Option(names = "--overwrite", description = "Replace an existing output.")
  boolean overwrite;

  @Override
  public Integer call() {
    Settings settings = options.settings();
    PrepareOptions prepare = PrepareSettings.options(settings, source, out, overwrite);
    SparkSession spark = SparkSessions.create(settings, options.master);
    PrepareJob.run(spark, prepare, ProgressOutput.forConsole(System.out));
    return 0;
  }
}
