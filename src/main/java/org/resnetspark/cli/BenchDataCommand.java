package org.resnetspark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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

/**
 * {@code resnet-spark bench data}: djpeg, prepare and the shard reader on the same photographs, in
 * images/s per core, and the ratios to djpeg.
 */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description =
        "Measure djpeg, prepare and the shard reader on the same photographs (images/s per core).")
public final class BenchDataCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--format", defaultValue = "text", description = "text or json")
  String format;

  @Option(
      names = "--photos",
      description =
          "A folder of JPEG photographs (default: cut from Debian's python3-skimage samples)")
  Path photos;

  @Option(names = "--images", defaultValue = "300", description = "Photographs to use")
  int images;

  private final Supplier<SparkSession> spark;

  public BenchDataCommand(Supplier<SparkSession> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException("Invalid --format: %s (expected one of [text, json])", format);
    }
    if (images < 10) {
      throw new ConfigException("Invalid --images: %d (expected >= 10)", images);
    }
    if (photos != null && !Files.isDirectory(photos)) {
      throw new ConfigException("Invalid --photos: %s (expected a folder of JPEG files)", photos);
    }
    Path work = Files.createTempDirectory("bench-data");
    DataBenchmark.Result r;
    try {
      r = DataBenchmark.run(spark.get(), work, photos, images);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    var out = spec.commandLine().getOut();
    if (format.equals("json")) {
      out.println(
          String.format(
              Locale.ROOT,
              "{\"images\": %d, \"decoder\": \"%s\", \"cores\": %d,"
                  + " \"djpegImagesPerSecPerCore\": %.1f,"
                  + " \"prepareImagesPerSecPerCore\": %.1f, \"prepareCores\": %d,"
                  + " \"readerImagesPerSecPerCore\": %.1f, \"readerCores\": %d,"
                  + " \"prepareToDjpeg\": %.3f, \"readerToDjpeg\": %.3f,"
                  + " \"prepareSparkJobs\": [%s], \"warmUp\": \"%s\","
                  + " \"profileMsPerImage\": {%s}}",
              r.images(),
              r.decoder(),
              r.cores(),
              r.djpegImagesPerSecPerCore(),
              r.prepareImagesPerSecPerCore(),
              r.prepareCores(),
              r.readerImagesPerSecPerCore(),
              r.readerCores(),
              r.prepareToDjpeg(),
              r.readerToDjpeg(),
              jobsJson(r.prepareJobs()),
              DataBenchmark.WARM_UP,
              profileJson(r.profileMsPerImage())));
    } else {
      out.printf(
          Locale.ROOT,
          "data benchmark: %d photographs, %s decoder (images/s per core that worked)%n",
          r.images(),
          r.decoder());
      out.printf(Locale.ROOT, "%-8s %10s %6s %9s%n", "stage", "images/s", "cores", "x djpeg");
      out.printf(
          Locale.ROOT, "%-8s %10.1f %6d %9s%n", "djpeg", r.djpegImagesPerSecPerCore(), 1, "1");
      out.printf(
          Locale.ROOT,
          "%-8s %10.1f %6d %9.3f%n",
          "prepare",
          r.prepareImagesPerSecPerCore(),
          r.prepareCores(),
          r.prepareToDjpeg());
      out.printf(
          Locale.ROOT,
          "%-8s %10.1f %6d %9.3f%n",
          "reader",
          r.readerImagesPerSecPerCore(),
          r.readerCores(),
          r.readerToDjpeg());
      out.printf(Locale.ROOT, "timed after a warm-up: %s%n", DataBenchmark.WARM_UP);
      out.printf("prepare's Spark jobs (seconds)%n");
      r.prepareJobs()
          .forEach(
              job -> out.printf(Locale.ROOT, "  %-36s %8.2f%n", job.callSite(), job.seconds()));
      out.printf("stage profile, one thread (ms per image)%n");
      r.profileMsPerImage()
          .forEach((stage, ms) -> out.printf(Locale.ROOT, "  %-36s %8.2f%n", stage, ms));
    }
    out.flush();
    return 0;
  }

  private static String jobsJson(java.util.List<DataBenchmark.Job> jobs) {
    return jobs.stream()
        .map(
            j ->
                String.format(
                    Locale.ROOT, "{\"job\": \"%s\", \"seconds\": %.3f}", j.callSite(), j.seconds()))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static String profileJson(Map<String, Double> profile) {
    return profile.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "\"%s\": %.3f", e.getKey(), e.getValue()))
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
