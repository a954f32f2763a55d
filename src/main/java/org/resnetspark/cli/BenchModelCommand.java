package org.resnetspark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.bench.BenchInput;
import org.resnetspark.bench.BenchSchedule;
import org.resnetspark.bench.EngineRun;
import org.resnetspark.bench.ModelBenchmark;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.job.ModelSpec;
import org.resnetspark.model.layers.ConvKernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Training and inference images/s of the network {@code train} builds, per engine. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description =
        "Times the network train builds (same variant, shortcut, stride, weight decay, Nesterov"
            + " momentum, batch norm) on random data: DL4J's stock layers, the fast ones, and"
            + " libtorch when the build has the libtorch profile; same JVM, same threads.")
public final class BenchModelCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--variant",
      required = true,
      description = "What model.variant takes: resnet20, resnet50, plain20, preact-resnet164, ...")
  private String variant;

  @Option(
      names = "--input",
      description = "HxWxC, e.g. 32x32x3 (default: 32x32x3 for CIFAR, 224x224x3 for ImageNet)")
  private String input;

  @Option(names = "--batch", required = true, description = "Images per step")
  private int batch;

  @Option(
      names = "--shortcut",
      paramLabel = "A|B",
      description = "As model.shortcut (default: A for CIFAR basic blocks, B otherwise)")
  private String shortcut;

  @Option(
      names = "--stride",
      paramLabel = "v1|v1.5",
      description = "As model.stride: a downsampling bottleneck's stride on its 1x1 or 3x3")
  private String stride;

  @Option(
      names = "--threads",
      description =
          "Threads of every engine (default and only choice: the threads ND4J runs, the cores or"
              + " OMP_NUM_THREADS)")
  private Integer threads;

  @Option(names = "--format", defaultValue = "text", description = "text or json")
  private String format;

  @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps per engine")
  private int warmup;

  @Option(names = "--iterations", defaultValue = "5", description = "Timed steps per engine")
  private int iterations;

  @Override
  public Integer call() throws Exception {
    boolean json = parseFormat(format);
    BenchSchedule schedule = new BenchSchedule(warmup, iterations);
    List<String> settings = new ArrayList<>();
    settings.add("model.variant=" + variant);
    if (shortcut != null) {
      settings.add("model.shortcut=" + shortcut);
    }
    if (stride != null) {
      settings.add("model.stride=" + stride);
    }
    ModelSpec model = ModelBenchmark.spec(ConfigLoader.load(null, settings), input);
    int chosenThreads = threads == null ? ModelBenchmark.nd4jThreads() : threads;
    PrintWriter err = spec.commandLine().getErr();
    ModelBenchmark.Result result =
        ModelBenchmark.run(
            model,
            batch,
            chosenThreads,
            schedule,
            line -> {
              err.println(line);
              err.flush();
            });
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? json(result) : text(result));
    out.flush();
    return 0;
  }

  /** True for json, false for text; anything else is refused naming both. */
  static boolean parseFormat(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "text" -> false;
      case "json" -> true;
      default ->
          throw new ConfigException("Invalid format: %s (expected one of text, json)", value);
    };
  }

  private static String json(ModelBenchmark.Result r) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ModelSpec m = r.spec();
    root.put("variant", m.variant().name());
    root.put("input", m.options().inputLabel());
    root.put("classes", m.options().numClasses());
    root.put(
        "shortcut", m.variant().kind().hasShortcuts() ? m.options().shortcut().name() : "none");
    root.put("stride", m.options().stride().label());
    root.put("weightDecay", m.optimization().weightDecay());
    Nesterovs nesterovs = (Nesterovs) m.optimization().updater();
    root.put("learningRate", nesterovs.getLearningRate());
    root.put("nesterovMomentum", nesterovs.getMomentum());
    root.put("batch", r.batch());
    root.put("threads", r.threads());
    root.put("inputDistribution", BenchInput.DISTRIBUTION);
    root.put("multiplyAddsPerImage", r.multiplyAdds());
    root.put("peakSgemmGflops", r.peakGflops());
    root.set("stock", engine(mapper, r, r.stock()));
    root.set("fast", engine(mapper, r, r.fast()));
    root.put("fastConvolutions", ConvKernels.name());
    root.set(
        "libtorch",
        r.libtorch().<JsonNode>map(t -> engine(mapper, r, t)).orElse(mapper.nullNode()));
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static ObjectNode engine(ObjectMapper mapper, ModelBenchmark.Result r, EngineRun run) {
    ObjectNode node = mapper.createObjectNode();
    node.put("trainImagesPerSec", run.throughput().trainImagesPerSec());
    node.put("inferImagesPerSec", run.throughput().inferImagesPerSec());
    node.put("trainGflops", r.trainGflops(run));
    node.put("trainFractionOfPeak", r.fractionOfPeak(run));
    node.put("trainableParams", run.trainableParams());
    node.set("threads", mapper.valueToTree(new TreeMap<>(run.threads())));
    node.put("residentMbAtStart", run.residentMb());
    return node;
  }

  private static String text(ModelBenchmark.Result r) {
    ModelSpec m = r.spec();
    Nesterovs nesterovs = (Nesterovs) m.optimization().updater();
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%s %s batch %d, shortcut %s, stride %s; SGD lr %s, Nesterov momentum %s,"
                + " weight decay %s%n",
            m.variant().name(),
            m.options().inputLabel(),
            r.batch(),
            m.variant().kind().hasShortcuts() ? m.options().shortcut().name() : "none",
            m.options().stride().label(),
            nesterovs.getLearningRate(),
            nesterovs.getMomentum(),
            m.optimization().weightDecay()));
    s.append("input: ").append(BenchInput.DISTRIBUTION).append('\n');
    s.append(String.format(Locale.ROOT, "threads: %d for every engine%n", r.threads()));
    s.append(
        String.format(
            Locale.ROOT,
            "peak: %.1f GFLOP/s (best sgemm of ND4J's BLAS, this run); training GFLOP/s count"
                + " 3 x 2 x %d multiply-adds per image%n",
            r.peakGflops(),
            r.multiplyAdds()));
    s.append(
        String.format(
            Locale.ROOT,
            "%-9s %12s %12s %13s %12s %8s  %s%n",
            "engine",
            "train img/s",
            "infer img/s",
            "train GFLOP/s",
            "parameters",
            "RSS MB",
            "threads as the library reports them"));
    row(s, r, "stock", r.stock());
    row(s, r, "fast", r.fast());
    r.libtorch()
        .ifPresentOrElse(
            t -> {
              row(s, r, "libtorch", t);
              s.append(
                  String.format(
                      Locale.ROOT,
                      "%-9s %11.2fx %11.2fx%n",
                      "fast/lt",
                      r.fast().throughput().trainImagesPerSec()
                          / t.throughput().trainImagesPerSec(),
                      r.fast().throughput().inferImagesPerSec()
                          / t.throughput().inferImagesPerSec()));
            },
            () -> s.append("libtorch  (not in this build: mvn -Plibtorch)\n"));
    s.append("fast convolutions: ").append(ConvKernels.name());
    return s.toString().stripTrailing();
  }

  private static void row(StringBuilder s, ModelBenchmark.Result r, String name, EngineRun run) {
    StringBuilder threads = new StringBuilder();
    for (Map.Entry<String, Integer> e : new TreeMap<>(run.threads()).entrySet()) {
      threads.append(threads.length() == 0 ? "" : ", ").append(e.getKey()).append('=');
      threads.append(e.getValue());
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%-9s %12.1f %12.1f %6.1f (%3.0f%%) %12d %8d  %s%n",
            name,
            run.throughput().trainImagesPerSec(),
            run.throughput().inferImagesPerSec(),
            r.trainGflops(run),
            100 * r.fractionOfPeak(run),
            run.trainableParams(),
            run.residentMb(),
            threads));
  }
}
