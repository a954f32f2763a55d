package org.resnetspark.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.job.ModelSpec;

/**
 * One memory measurement in a JVM of its own, started with this JVM's flags and class path, so no
 * earlier network's freed memory is still resident in it. The child prints the measurement as one
 * JSON line.
 */
final class MemoryProbe {
  private static final String PREFIX = "memory-probe ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MemoryProbe() {}

  /** Measures {@code batch} in a new JVM; the network is the one {@code settings} describe. */
  static MemoryBenchmark.Measurement inNewJvm(
      List<String> settings, String input, int batch, int steps) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MemoryProbe.class.getName());
    command.add(String.valueOf(batch));
    command.add(String.valueOf(steps));
    command.add(input == null ? "" : input);
    command.addAll(settings);
    try {
      Process child =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = child.waitFor();
      String line =
          Arrays.stream(out.split("\n"))
              .filter(l -> l.startsWith(PREFIX))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "The memory probe of batch "
                              + batch
                              + " exited with "
                              + exit
                              + " without a measurement (out of memory? its errors are above)"));
      Map<String, Object> m =
          JSON.readValue(line.substring(PREFIX.length()), new TypeReference<>() {});
      return JSON.convertValue(m, MemoryBenchmark.Measurement.class);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run the memory probe: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while measuring batch " + batch, e);
    }
  }

  /** Arguments: batch, steps, input (HxWxC or empty for the variant's), then key=value settings. */
  public static void main(String[] args) throws IOException {
    int batch = Integer.parseInt(args[0]);
    int steps = Integer.parseInt(args[1]);
    String input = args[2].isEmpty() ? null : args[2];
    List<String> settings = List.of(args).subList(3, args.length);
    ModelSpec spec = ModelBenchmark.spec(ConfigLoader.load(null, settings), input);
    MemoryBenchmark.Measurement m = MemoryBenchmark.measure(spec, batch, steps);
    System.out.println(PREFIX + JSON.writeValueAsString(m));
    System.out.flush();
    // ND4J's and Spark's non-daemon threads would keep the JVM alive.
    System.exit(0);
  }
}
