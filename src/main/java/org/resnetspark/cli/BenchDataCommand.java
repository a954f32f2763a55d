package org.resnetspark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.bench.DataBenchmark;
import org.resnetspark.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resnet-spark bench data}: prepare and reader throughput on generated images. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Measure prepare and shard reader throughput (images/s per core).")
public final class BenchDataCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--format", defaultValue = "text", description = "text or json")
  String format;

  @Option(names = "--grey-images", defaultValue = "2000", description = "28x28 grey images")
  int greyImages;

  @Option(names = "--jpeg-images", defaultValue = "200", description = "224x224 JPEG images")
  int jpegImages;

  private final Supplier<SparkSession> spark;

  public BenchDataCommand(Supplier<SparkSession> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException("Invalid --format: %s (expected one of [text, json])", format);
    }
    if (greyImages < 10 || jpegImages < 10) {
      throw new ConfigException(
          "Invalid image count: --grey-images %d, --jpeg-images %d (expected >= 10 each)",
          greyImages, jpegImages);
    }
    Path work = Files.createTempDirectory("bench-data");
    DataBenchmark.Result result;
    try {
      result = DataBenchmark.run(spark.get(), work, greyImages, jpegImages);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    var out = spec.commandLine().getOut();
    if (format.equals("json")) {
      StringBuilder json = new StringBuilder("{\"cores\": " + result.cores());
      for (Map.Entry<String, DataBenchmark.Figures> input : result.inputs().entrySet()) {
        DataBenchmark.Figures f = input.getValue();
        json.append(
            String.format(
                ", \"%s\": {\"images\": %d, \"prepareImagesPerSecPerCore\": %.1f,"
                    + " \"readerImagesPerSecPerCore\": %.1f}",
                input.getKey(),
                f.images(),
                f.prepareImagesPerSecPerCore(),
                f.readerImagesPerSecPerCore()));
      }
      out.println(json.append('}'));
    } else {
      out.printf("data benchmark, %d cores (images/s per core)%n", result.cores());
      out.printf("%-8s %7s %10s %10s%n", "input", "images", "prepare", "reader");
      result
          .inputs()
          .forEach(
              (name, f) ->
                  out.printf(
                      "%-8s %7d %10.1f %10.1f%n",
                      name,
                      f.images(),
                      f.prepareImagesPerSecPerCore(),
                      f.readerImagesPerSecPerCore()));
    }
    out.flush();
    return 0;
  }
}
