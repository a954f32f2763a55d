package org.resnetspark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.resnetspark.bench.MemoryBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Peak memory of training steps per image against what backprop must keep. */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description =
        "Peak resident memory of training steps of the networks train builds (one new JVM per"
            + " batch), per image, against the floor of the activations backprop must keep.")
public final class BenchMemoryCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--variant",
      split = ",",
      defaultValue = "resnet110,resnet1202,preact-resnet1001",
      description = "What model.variant takes, comma-separated (default: ${DEFAULT-VALUE})")
  private List<String> variants;

  @Option(
      names = "--batch",
      split = ",",
      defaultValue = "8,16,32",
      description = "Images per step, comma-separated (default: ${DEFAULT-VALUE})")
  private List<Integer> batches;

  @Option(
      names = "--input",
      defaultValue = "32x32x3",
      description = "HxWxC (default: ${DEFAULT-VALUE})")
  private String input;

  @Option(
      names = "--engine",
      paramLabel = "stock|fast",
      description = "As model.engine (default: its default)")
  private String engine;

  @Option(names = "--steps", defaultValue = "2", description = "Training steps per batch")
  private int steps;

  @Option(
      names = "--project",
      defaultValue = "64",
      description = "The batch to project the peak to (default: ${DEFAULT-VALUE})")
  private int project;

  @Option(names = "--format", defaultValue = "text", description = "text or json")
  private String format;

  @Override
  public Integer call() throws Exception {
    boolean json = BenchModelCommand.parseFormat(format);
    List<MemoryBenchmark.Result> results = new ArrayList<>();
    for (String variant : variants) {
      List<String> settings = new ArrayList<>();
      settings.add("model.variant=" + variant);
      if (engine != null) {
        settings.add("model.engine=" + engine);
      }
      results.add(MemoryBenchmark.run(settings, input, batches, steps));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? json(results) : text(results));
    out.flush();
    return 0;
  }

  private String json(List<MemoryBenchmark.Result> results) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("input", input);
    root.put("steps", steps);
    root.put("measure", MEASURE);
    root.put("projectBatch", project);
    ArrayNode nets = root.putArray("networks");
    for (MemoryBenchmark.Result r : results) {
      ObjectNode net = nets.addObject();
      net.put("variant", r.spec().variant().name());
      net.put("engine", r.spec().engine().name().toLowerCase(Locale.ROOT));
      net.put("floorBytesPerImage", r.floor().bytesPerImage());
      net.put("largestActivationBytesPerImage", r.floor().largestActivationFloats() * 4);
      ArrayNode rows = net.putArray("batches");
      for (int i = 0; i < r.measurements().size(); i++) {
        MemoryBenchmark.Measurement m = r.measurements().get(i);
        ObjectNode row = rows.addObject();
        row.put("batch", m.batch());
        row.put("peakBytes", m.peakBytes());
        row.put("peakBytesPerImage", m.peakBytesPerImage());
        row.put("peakToFloor", m.peakBytesPerImage() / r.floor().bytesPerImage());
        putNumber(row, "marginalBytesPerImage", r.marginalBytesPerImage(i));
        putNumber(row, "marginalToFloor", r.marginalBytesPerImage(i) / r.floor().bytesPerImage());
        row.put("parameterBytes", m.parameterBytes());
        row.set("workspaceBytes", mapper.valueToTree(m.workspaces()));
      }
      putNumber(net, "projectedPeakBytes", r.projectedPeakBytes(project));
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static void putNumber(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  static final String MEASURE =
      "peak resident bytes (VmHWM, reset through /proc/self/clear_refs) above those resident"
          + " before the network was built, one new JVM per batch";

  private String text(List<MemoryBenchmark.Result> results) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(Locale.ROOT, "input %s, %d training steps; %s%n", input, steps, MEASURE));
    s.append(
        String.format(
            Locale.ROOT,
            "%-18s %5s %10s %12s %12s %12s %7s %7s%n",
            "network",
            "batch",
            "peak MB",
            "peak MB/img",
            "marg MB/img",
            "floor MB/img",
            "peak/fl",
            "marg/fl"));
    for (MemoryBenchmark.Result r : results) {
      double floor = r.floor().bytesPerImage();
      for (int i = 0; i < r.measurements().size(); i++) {
        MemoryBenchmark.Measurement m = r.measurements().get(i);
        double marginal = r.marginalBytesPerImage(i);
        s.append(
            String.format(
                Locale.ROOT,
                "%-18s %5d %10.1f %12.2f %12s %12.2f %7.2f %7s%n",
                r.spec().variant().name(),
                m.batch(),
                mb(m.peakBytes()),
                mb(m.peakBytesPerImage()),
                Double.isFinite(marginal) ? String.format(Locale.ROOT, "%.2f", mb(marginal)) : "-",
                mb(floor),
                m.peakBytesPerImage() / floor,
                Double.isFinite(marginal)
                    ? String.format(Locale.ROOT, "%.2f", marginal / floor)
                    : "-"));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "%-18s projected peak at batch %d: %.2f GB%n",
              r.spec().variant().name(),
              project,
              r.projectedPeakBytes(project) / (1L << 30)));
    }
    return s.toString().stripTrailing();
  }

  private static double mb(double bytes) {
    return bytes / (1 << 20);
  }
}
