package org.resnetspark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.bench.TrainBenchmark;
import org.resnetspark.config.ConfigException;
import org.resnetspark.model.Variants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resnet-spark bench train}: single-process DL4J vs this pipeline on local Spark. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Measure training images/s of one model on Fashion-MNIST: single-process DL4J fit vs"
            + " parameter averaging on local Spark, same cores.")
public final class BenchTrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--format", defaultValue = "text", description = "text or json")
  String format;

  @Option(names = "--variant", defaultValue = "resnet8", description = "model (default resnet8)")
  String variant;

  @Option(names = "--images", defaultValue = "1280", description = "training images (>= 100)")
  int images;

  @Option(
      names = "--batch",
      defaultValue = "32",
      description = "minibatch per worker; the single process fits workers x this")
  int batch;

  @Option(
      names = "--averaging-frequency",
      defaultValue = "5",
      description = "minibatches per worker between averagings")
  int averagingFrequency;

  private final Supplier<SparkSession> spark;

  public BenchTrainCommand(Supplier<SparkSession> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException("Invalid --format: %s (expected one of [text, json])", format);
    }
    Variants.parse(variant);
    if (images < 100 || images > 60_000) {
      throw new ConfigException("Invalid --images: %d (expected 100 to 60000)", images);
    }
    if (batch < 1 || averagingFrequency < 1) {
      throw new ConfigException(
          "Invalid --batch %d or --averaging-frequency %d (expected >= 1 each)",
          batch, averagingFrequency);
    }
    Path work = Files.createTempDirectory("bench-train");
    TrainBenchmark.Result r;
    try {
      r =
          TrainBenchmark.run(
              spark.get(),
              work,
              new TrainBenchmark.Options(variant, images, batch, averagingFrequency));
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    var out = spec.commandLine().getOut();
    if (format.equals("json")) {
      out.println(
          String.format(
              Locale.ROOT,
              "{\"variant\": \"%s\", \"images\": %d, \"batch\": %d, \"averagingFrequency\": %d,"
                  + " \"cores\": %d, \"workers\": %d, \"globalBatch\": %d,"
                  + " \"warmup\": \"one epoch\", \"singleProcessImagesPerSec\": %.1f,"
                  + " \"sparkImagesPerSec\": %.1f, \"ratio\": %.3f}",
              variant,
              images,
              batch,
              averagingFrequency,
              r.cores(),
              r.workers(),
              r.globalBatch(),
              r.singleProcessImagesPerSec(),
              r.sparkImagesPerSec(),
              r.ratio()));
    } else {
      out.printf(
          Locale.ROOT,
          "train benchmark: %s, %d images, batch %d, averaging every %d, %d cores%n",
          variant,
          images,
          batch,
          averagingFrequency,
          r.cores());
      out.printf(
          Locale.ROOT,
          "global batch %d either way, each after one uncounted epoch%n",
          r.globalBatch());
      out.printf(
          Locale.ROOT,
          "single process      %8.1f images/s (minibatch %d)%n",
          r.singleProcessImagesPerSec(),
          r.globalBatch());
      out.printf(
          Locale.ROOT,
          "spark, %d workers   %8.1f images/s (minibatch %d per worker; %.2fx single process)%n",
          r.workers(),
          r.sparkImagesPerSec(),
          r.options().batch(),
          r.ratio());
    }
    out.flush();
    return 0;
  }
}
