package org.resnetspark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.resnetspark.bench.BenchSchedule;
import org.resnetspark.bench.BenchShape;
import org.resnetspark.bench.BenchVariant;
import org.resnetspark.bench.ModelBenchmark;
import org.resnetspark.bench.Throughput;
import org.resnetspark.config.ConfigException;
import org.resnetspark.model.layers.ConvKernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Training and inference images/s of a ResNet with DL4J's stock and fast convolutions. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description =
        "Times a ResNet on random data: DL4J's stock convolution layers, the fast ones, and"
            + " libtorch when the build has the libtorch profile; same JVM, same cores.")
public final class BenchModelCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--variant", required = true, description = "resnet20, resnet50, ...")
  private String variant;

  @Option(names = "--input", required = true, description = "HxWxC, e.g. 32x32x3")
  private String input;

  @Option(names = "--batch", required = true, description = "Images per step")
  private int batch;

  @Option(names = "--format", defaultValue = "text", description = "text or json")
  private String format;

  @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps per engine")
  private int warmup;

  @Option(names = "--iterations", defaultValue = "5", description = "Timed steps per engine")
  private int iterations;

  @Override
  public Integer call() throws Exception {
    boolean json = parseFormat(format);
    BenchVariant v = BenchVariant.parse(variant);
    BenchShape shape = BenchShape.parse(input);
    ModelBenchmark.Result result =
        ModelBenchmark.run(v, shape, batch, new BenchSchedule(warmup, iterations));
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? json(v, shape, result) : text(v, shape, result));
    out.flush();
    return 0;
  }

  private static boolean parseFormat(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "text" -> false;
      case "json" -> true;
      default ->
          throw new ConfigException("Invalid format: %s (expected one of text, json)", value);
    };
  }

  private String json(BenchVariant v, BenchShape shape, ModelBenchmark.Result r) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("variant", v.label());
    root.put("input", shape.label());
    root.put("batch", batch);
    root.put("threads", Runtime.getRuntime().availableProcessors());
    root.set("stock", mapper.valueToTree(r.stock()));
    root.set("fast", mapper.valueToTree(r.fast()));
    root.put("fastConvolutions", ConvKernels.name());
    root.set("libtorch", r.libtorch().<JsonNode>map(mapper::valueToTree).orElse(mapper.nullNode()));
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private String text(BenchVariant v, BenchShape shape, ModelBenchmark.Result r) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%s %s batch %d%n", v.label(), shape.label(), batch));
    s.append(
        String.format(Locale.ROOT, "%-9s %12s %12s%n", "engine", "train img/s", "infer img/s"));
    row(s, "stock", r.stock());
    row(s, "fast", r.fast());
    r.libtorch()
        .ifPresentOrElse(
            t -> {
              row(s, "libtorch", t);
              s.append(
                  String.format(
                      Locale.ROOT,
                      "%-9s %11.2fx %11.2fx%n",
                      "fast/lt",
                      r.fast().trainImagesPerSec() / t.trainImagesPerSec(),
                      r.fast().inferImagesPerSec() / t.inferImagesPerSec()));
            },
            () -> s.append("libtorch  (not in this build: mvn -Plibtorch)\n"));
    s.append("fast convolutions: ").append(ConvKernels.name());
    return s.toString().stripTrailing();
  }

  private static void row(StringBuilder s, String name, Throughput t) {
    s.append(
        String.format(
            Locale.ROOT,
            "%-9s %12.1f %12.1f%n",
            name,
            t.trainImagesPerSec(),
            t.inferImagesPerSec()));
  }
}
