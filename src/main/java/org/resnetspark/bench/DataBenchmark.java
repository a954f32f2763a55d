package org.resnetspark.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.Settings;
import org.resnetspark.data.ImageDecoders;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.PathSource;
import org.resnetspark.data.PipelineProfile;
import org.resnetspark.data.PrepareJob;
import org.resnetspark.data.PrepareOptions;
import org.resnetspark.data.ShardInput;
import org.resnetspark.job.PrepareSettings;

/**
 * Measures, in one run on the same photographs: {@code djpeg} once per file on one core (the
 * ceiling), {@code prepare} with a 256 shorter side, and the reader's train path (ImageNet scale
 * augmentation) over prepare's shards. Per-core figures divide by the cores that worked (the most
 * tasks that ran at once), not by the cores Spark has. Prepare and the reader each run once on the
 * same files before they are timed ({@link #WARM_UP}). A profile then times each stage of both
 * decoders on one thread.
 */
public final class DataBenchmark {
  /** The shorter side prepare resizes to, as for ImageNet training at 224. */
  static final int RESIZE = 256;

  /** What the timed runs leave out, as the output says. */
  public static final String WARM_UP =
      "prepare and the reader each ran once, untimed, on the same photographs first (Spark's and"
          + " OpenCV's start-up, JIT compilation), as a prepare of a whole collection amortises them";

  /** The settings prepare runs with: the built-in defaults, as the prepare command has them. */
  static final List<String> PREPARE_SETTINGS = List.of("data.resize=" + RESIZE);

  /** Photographs (and their shard rows) the stage profile runs on. */
  static final int PROFILED = 100;

  /** One Spark job of the timed prepare: the line that started it and its seconds. */
  public record Job(String callSite, double seconds) {}

  /** The figures of one run; the ratios are against {@code djpegImagesPerSecPerCore}. */
  public record Result(
      int images,
      String decoder,
      int cores,
      double djpegImagesPerSecPerCore,
      double prepareImagesPerSecPerCore,
      int prepareCores,
      double readerImagesPerSecPerCore,
      int readerCores,
      List<Job> prepareJobs,
      Map<String, Double> profileMsPerImage) {

    public double prepareToDjpeg() {
      return prepareImagesPerSecPerCore / djpegImagesPerSecPerCore;
    }

    public double readerToDjpeg() {
      return readerImagesPerSecPerCore / djpegImagesPerSecPerCore;
    }
  }

  private DataBenchmark() {}

  /**
   * Runs on {@code images} photographs: the JPEGs under {@code photos}, or when it is null ones cut
   * from Debian's skimage samples.
   */
  public static Result run(SparkSession spark, Path workDir, Path photos, int images) {
    Path source = workDir.resolve("photos");
    List<Path> files =
        photos == null
            ? Photographs.fromSamples(Photographs.SKIMAGE_DATA, source, images)
            : Photographs.fromFolder(photos, source, images);
    BusyCores busy = new BusyCores();
    SparkJobs jobs = new SparkJobs();
    spark.sparkContext().addSparkListener(busy);
    spark.sparkContext().addSparkListener(jobs);
    try {
      // Warm-up, not reported: class loading, JIT, OpenCV's and ND4J's native start-up.
      Manifest warm = prepare(spark, source, workDir.resolve("warmup"));
      read(spark, warm);
      Djpeg.imagesPerSecond(files.subList(0, Math.min(10, files.size())));

      double djpeg = Djpeg.imagesPerSecond(files);
      settled(spark, busy);
      busy.reset();
      jobs.reset();
      long start = System.nanoTime();
      Manifest manifest = prepare(spark, source, workDir.resolve("shards"));
      double prepareSeconds = (System.nanoTime() - start) / 1e9;
      int prepareCores = settled(spark, busy);
      List<Job> prepareJobs = jobs.finished();
      busy.reset();
      start = System.nanoTime();
      long loaded = read(spark, manifest);
      double readerSeconds = (System.nanoTime() - start) / 1e9;
      int readerCores = settled(spark, busy);
      Map<String, Double> profile =
          PipelineProfile.run(files.subList(0, Math.min(PROFILED, files.size())), manifest, RESIZE);
      return new Result(
          files.size(),
          ImageDecoders.name(),
          spark.sparkContext().defaultParallelism(),
          djpeg,
          files.size() / prepareSeconds / prepareCores,
          prepareCores,
          loaded / readerSeconds / readerCores,
          readerCores,
          prepareJobs,
          profile);
    } finally {
      spark.sparkContext().removeSparkListener(jobs);
      spark.sparkContext().removeSparkListener(busy);
    }
  }

  private static Manifest prepare(SparkSession spark, Path source, Path out) {
    Settings settings = ConfigLoader.load(null, PREPARE_SETTINGS);
    PrepareOptions options =
        PrepareSettings.options(settings, source.toString(), out.toString(), true);
    return PrepareJob.run(spark, options, m -> {});
  }

  /** One epoch of the train path, as training loads it; returns the examples loaded. */
  private static long read(SparkSession spark, Manifest manifest) {
    ShardInput input = ShardInput.of(manifest, "train", Augmentation.IMAGENET, 1);
    var loader = input.loader();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = Math.min(input.paths().size(), jsc.defaultParallelism());
    return jsc.parallelize(input.paths(), partitions)
        .map(path -> (long) loader.load(new PathSource(path)).numExamples())
        .reduce(Long::sum);
  }

  /** The cores that worked, once the listener has seen every task of the measured jobs. */
  private static int settled(SparkSession spark, BusyCores busy) {
    // Listener events arrive asynchronously; Spark's own tests wait for the bus the same way.
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in a minute", e);
    }
    return busy.peak();
  }
}
