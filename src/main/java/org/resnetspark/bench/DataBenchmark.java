package org.resnetspark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.nd4j.common.loader.Source;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.Encoding;
import org.resnetspark.data.ImageCodec;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.Pixels;
import org.resnetspark.data.PrepareJob;
import org.resnetspark.data.PrepareOptions;
import org.resnetspark.data.ShardInput;

/**
 * Measures prepare and reader throughput, in images per second per core, on generated inputs: 28x28
 * grey PNGs (stored raw, CIFAR augmentation) and 224x224 RGB JPEGs (stored as JPEG, ImageNet scale
 * augmentation).
 */
public final class DataBenchmark {
  /** The figures of one input. */
  public record Figures(
      int images, double prepareImagesPerSecPerCore, double readerImagesPerSecPerCore) {}

  /** Figures per input ({@code grey28}, {@code jpeg224}) and the cores they are divided by. */
  public record Result(int cores, Map<String, Figures> inputs) {}

  private DataBenchmark() {}

  public static Result run(SparkSession spark, Path workDir, int greyImages, int jpegImages) {
    int cores = spark.sparkContext().defaultParallelism();
    // Warm-up, not reported: class loading, JIT and ND4J's native start-up.
    measure(spark, workDir.resolve("warmup-grey"), 20, 28, true, cores);
    measure(spark, workDir.resolve("warmup-jpeg"), 10, 224, false, cores);
    Map<String, Figures> inputs = new LinkedHashMap<>();
    inputs.put("grey28", measure(spark, workDir.resolve("grey28"), greyImages, 28, true, cores));
    inputs.put(
        "jpeg224", measure(spark, workDir.resolve("jpeg224"), jpegImages, 224, false, cores));
    return new Result(cores, inputs);
  }

  private static Figures measure(
      SparkSession spark, Path dir, int images, int size, boolean grey, int cores) {
    Path source = dir.resolve("source");
    generate(source, images, size, grey);
    PrepareOptions options =
        PrepareOptions.defaults(source.toString(), dir.resolve("shards").toString())
            .withEncoding(grey ? Encoding.RAW : Encoding.JPEG)
            .withShardSize(256)
            .withValFraction(0)
            .overwriting();
    long start = System.nanoTime();
    Manifest manifest = PrepareJob.run(spark, options, m -> {});
    double prepareSeconds = (System.nanoTime() - start) / 1e9;

    ShardInput input =
        ShardInput.of(manifest, "train", grey ? Augmentation.CIFAR : Augmentation.IMAGENET, 1);
    var loader = input.loader();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    start = System.nanoTime();
    long loaded =
        jsc.parallelize(input.paths(), cores)
            .map(path -> (long) loader.load(source(path)).numExamples())
            .reduce(Long::sum);
    double readerSeconds = (System.nanoTime() - start) / 1e9;
    return new Figures(images, images / prepareSeconds / cores, loaded / readerSeconds / cores);
  }

  private static Source source(String path) {
    return new Source() {
      @Override
      public java.io.InputStream getInputStream() {
        throw new UnsupportedOperationException("read through Hadoop");
      }

      @Override
      public String getPath() {
        return path;
      }
    };
  }

  /** Ten classes of noisy images, smooth enough to compress as photos do. */
  private static void generate(Path root, int images, int size, boolean grey) {
    Random random = new Random(1);
    int channels = grey ? 1 : 3;
    try {
      for (int i = 0; i < images; i++) {
        byte[] data = new byte[size * size * channels];
        int base = random.nextInt(200);
        for (int p = 0; p < data.length; p++) {
          int y = p / channels / size;
          data[p] = (byte) (base + (y * 40 / size) + random.nextInt(16));
        }
        Pixels pixels = new Pixels(data, size, size, channels);
        Path file = root.resolve("train/class" + (i % 10) + "/" + i + (grey ? ".png" : ".jpg"));
        Files.createDirectories(file.getParent());
        Files.write(file, ImageCodec.encode(pixels, grey ? Encoding.PNG : Encoding.JPEG, 90));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
