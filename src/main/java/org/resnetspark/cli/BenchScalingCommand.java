package org.resnetspark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.resnetspark.bench.RoundBreakdown;
import org.resnetspark.bench.RoundCostModel;
import org.resnetspark.bench.ScalingBenchmark;
import org.resnetspark.bench.ScalingProjection;
import org.resnetspark.config.ConfigException;
import org.resnetspark.data.PrepareOptions;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resnet-spark bench scaling}: where an averaging round's time goes, 1 and N executors. */
@Command(
    name = "scaling",
    mixinStandardHelpOptions = true,
    description =
        "Starts a standalone Spark cluster on loopback with one-core executor JVMs, trains the same"
            + " Fashion-MNIST images at each executor count, and prints per averaging round the"
            + " time computing, broadcasting, aggregating and in Spark's overhead, and the bytes"
            + " moved.")
public final class BenchScalingCommand implements Callable<Integer> {
  private static final List<String> FIT_VARIANTS =
      List.of("resnet8", "resnet20", "resnet56", "resnet110", "resnet50");

  @Spec CommandSpec spec;

  @Option(
      names = "--variant",
      split = ",",
      description =
          "models, comma-separated (what model.variant takes; default resnet20, with --fit"
              + " resnet8,resnet20,resnet56,resnet110,resnet50)")
  List<String> variants;

  @Option(
      names = "--fit",
      description =
          "fit the round cost model to the measurements, print its constants, its error on each"
              + " variant left out of the fit, and its projection for ResNet-50 on ImageNet")
  boolean fit;

  @Option(
      names = "--executors",
      split = ",",
      defaultValue = "1,2",
      description = "executor counts, comma-separated (default 1,2)")
  List<Integer> executors;

  @Option(
      names = "--averaging-frequency",
      split = ",",
      defaultValue = "1,5,20",
      description = "minibatches per worker between averagings, comma-separated (default 1,5,20)")
  List<Integer> frequencies;

  @Option(names = "--images", defaultValue = "320", description = "training images (>= 10)")
  int images;

  @Option(names = "--batch", defaultValue = "8", description = "minibatch per worker (default 8)")
  int batch;

  @Option(
      names = "--image-size",
      defaultValue = "32",
      description =
          "train on images this many pixels square: 28 (Fashion-MNIST's own) or 32 to 224 (resized"
              + " as prepare's data.resize does, then centre-cropped; default 32, the least every"
              + " variant takes)")
  int imageSize;

  @Option(names = "--format", defaultValue = "text", description = "text or json")
  String format;

  @Option(
      names = "--measurements",
      description =
          "take the measurements from a file an earlier --format json run wrote (its"
              + " \"measurements\"), instead of measuring: to fit again or print them again")
  Path measurements;

  @Override
  public Integer call() throws Exception {
    List<ScalingBenchmark.Measurement> measured =
        measurements != null ? readMeasurements(measurements) : measure(validated());
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("measurements", measured);
    if (format.equals("text")) {
      printTable(out, measured);
    }
    if (fit) {
      List<RoundCostModel.Sample> samples =
          measured.stream().map(ScalingBenchmark.Measurement::sample).toList();
      RoundCostModel model = RoundCostModel.fit(samples);
      List<RoundCostModel.LeftOut> leftOut = RoundCostModel.leaveOneVariantOut(samples);
      List<ScalingProjection.Cell> projection =
          ScalingProjection.project(model, ScalingBenchmark.AGGREGATION_DEPTH);
      json.put("model", model);
      json.put("leftOut", leftOut);
      json.put("executorCompute", List.of(ScalingProjection.CPU, ScalingProjection.GPU));
      json.put("projection", projection);
      if (format.equals("text")) {
        ScalingFitPrinter.print(out, model, leftOut, projection);
      }
    }
    if (format.equals("json")) {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    }
    out.flush();
    return 0;
  }

  private static List<ScalingBenchmark.Measurement> measure(ScalingBenchmark.Options options)
      throws Exception {
    Path work = Files.createTempDirectory("bench-scaling");
    try {
      return ScalingBenchmark.run(work, options);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static List<ScalingBenchmark.Measurement> readMeasurements(Path file) {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode list;
    try {
      list = mapper.readTree(file.toFile()).get("measurements");
    } catch (IOException e) {
      throw new ConfigException(
          "Invalid --measurements: %s cannot be read as JSON (%s)", file, e.getMessage());
    }
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new ConfigException(
          "Invalid --measurements: %s holds no \"measurements\" (expected what bench scaling"
              + " --format json printed)",
          file);
    }
    try {
      return mapper.readerForListOf(ScalingBenchmark.Measurement.class).readValue(list);
    } catch (IOException e) {
      throw new ConfigException(
          "Invalid --measurements: %s: %s (expected what bench scaling --format json printed)",
          file, e.getMessage());
    }
  }

  ScalingBenchmark.Options validated() {
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException("Invalid --format: %s (expected one of [text, json])", format);
    }
    if (variants == null) {
      variants = fit ? FIT_VARIANTS : List.of("resnet20");
    }
    for (String v : variants) {
      Variant variant;
      try {
        variant = Variants.parse(v);
      } catch (ConfigException e) {
        throw new ConfigException("%s (set by --variant)", e.getMessage());
      }
      int smallest = variant.family().totalStride();
      if (imageSize < smallest) {
        throw new ConfigException(
            "Invalid --image-size: %d for %s (at least %d: the network downsamples by %d)",
            imageSize, v, smallest, smallest);
      }
    }
    for (int n : executors) {
      if (n < 1 || n > Runtime.getRuntime().availableProcessors() * 4) {
        throw new ConfigException(
            "Invalid --executors: %d (expected 1 to %d, one-core executors on this machine)",
            n, Runtime.getRuntime().availableProcessors() * 4);
      }
    }
    for (int k : frequencies) {
      if (k < 1) {
        throw new ConfigException("Invalid --averaging-frequency: %d (expected >= 1)", k);
      }
    }
    if (batch < 1) {
      throw new ConfigException("Invalid --batch: %d (expected >= 1)", batch);
    }
    if (imageSize != ScalingBenchmark.NATIVE_SIDE
        && (imageSize < 32 || imageSize > PrepareOptions.MAX_CROP)) {
      throw new ConfigException(
          "Invalid --image-size: %d (expected 28, Fashion-MNIST's own, or 32 to %d)",
          imageSize, PrepareOptions.MAX_CROP);
    }
    int most = executors.stream().mapToInt(Integer::intValue).max().orElse(1);
    int largest = frequencies.stream().mapToInt(Integer::intValue).max().orElse(1);
    // Two epochs of at least one round each: every executor needs a shard per round.
    int needed = 10 * (int) Math.ceil(most * batch * largest / 10.0);
    if (images < needed || images > 60_000) {
      throw new ConfigException(
          "Invalid --images: %d (expected %d to 60000: one round of %d executors x batch %d x"
              + " averaging frequency %d)",
          images, needed, most, batch, largest);
    }
    return new ScalingBenchmark.Options(
        variants,
        executors,
        frequencies,
        images,
        batch,
        imageSize,
        ScalingBenchmark.ownClasspath());
  }

  private static void printTable(PrintWriter out, List<ScalingBenchmark.Measurement> measured) {
    out.println(
        "milliseconds per averaging round (means over the timed epoch), bytes per round;"
            + " loopback, one-core executors");
    out.printf(
        Locale.ROOT,
        "%-10s %4s %4s %6s %9s %9s %9s %9s %9s %6s %12s %12s%n",
        "variant",
        "exec",
        "avg",
        "rounds",
        "round",
        "compute",
        "broadcast",
        "aggregate",
        "overhead",
        "sum%",
        "broadcastB",
        "resultB");
    for (ScalingBenchmark.Measurement m : measured) {
      RoundBreakdown b = m.breakdown();
      out.printf(
          Locale.ROOT,
          "%-10s %4d %4d %6d %9.1f %9.1f %9.1f %9.1f %9.1f %6.1f %12.0f %12.0f%n",
          m.variant(),
          m.executors(),
          m.averagingFrequency(),
          b.rounds(),
          b.roundMs(),
          b.computeMs(),
          b.broadcastMs(),
          b.aggregateMs(),
          b.overheadMs(),
          100 * b.partsMs() / b.roundMs(),
          m.broadcastBytesPerRound(),
          m.resultBytesPerRound());
    }
  }
}
