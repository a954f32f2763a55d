package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.resnetspark.bench.ModelBenchmark;
import org.resnetspark.config.ConfigException;
import picocli.CommandLine;

/** Bad arguments are rejected before anything is built, naming the argument and what is allowed. */
class BenchModelCommandTest {

  private static BenchModelCommand parsed(String... args) {
    BenchModelCommand command = new BenchModelCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void printsStockAndFastFiguresAsJson() throws Exception {
    BenchModelCommand command = new BenchModelCommand();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit =
        cli.execute(
            "--variant",
            "resnet20",
            "--input",
            "8x8x3",
            "--batch",
            "2",
            "--warmup",
            "0",
            "--iterations",
            "1",
            "--format",
            "json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(exit).isZero();
    assertThat(json.get("variant").asText()).isEqualTo("resnet20");
    assertThat(json.get("shortcut").asText()).isEqualTo("A");
    assertThat(json.get("weightDecay").asDouble()).isEqualTo(1e-4);
    assertThat(json.get("nesterovMomentum").asDouble()).isEqualTo(0.9);
    assertThat(json.get("inputDistribution").asText()).startsWith("pixels uniform in [0, 1)");
    assertThat(json.get("stock").get("trainImagesPerSec").asDouble()).isPositive();
    assertThat(json.get("stock").get("inferImagesPerSec").asDouble()).isPositive();
    assertThat(json.get("fast").get("trainImagesPerSec").asDouble()).isPositive();
    assertThat(json.get("fast").get("inferImagesPerSec").asDouble()).isPositive();
    assertThat(json.get("fastConvolutions").asText()).isEqualTo("onednn");
    // Each engine's figures reach stderr as soon as it has run, before the result is printed.
    assertThat(err.toString())
        .containsSubsequence("stock: train ", " img/s, infer ", "fast: train ", " img/s");
    // ResNet-20 with option A shortcuts, 10 classes (He et al. 2015: 0.27M).
    assertThat(json.get("stock").get("trainableParams").asLong()).isEqualTo(269_722);
    assertThat(json.get("fast").get("trainableParams").asLong()).isEqualTo(269_722);
    // ResNet-20's multiply-adds scale with the pixels: 40.55M at 32x32, 1/16 of it at 8x8.
    assertThat(json.get("multiplyAddsPerImage").asLong()).isBetween(2_400_000L, 2_700_000L);
    assertThat(json.get("peakSgemmGflops").asDouble()).isPositive();
    for (String engine : new String[] {"stock", "fast"}) {
      JsonNode run = json.get(engine);
      assertThat(run.get("trainGflops").asDouble())
          .isCloseTo(
              run.get("trainImagesPerSec").asDouble()
                  * 6
                  * json.get("multiplyAddsPerImage").asDouble()
                  / 1e9,
              withinPercentage(0.1));
      assertThat(run.get("trainFractionOfPeak").asDouble())
          .isCloseTo(
              run.get("trainGflops").asDouble() / json.get("peakSgemmGflops").asDouble(),
              withinPercentage(0.1));
      JsonNode threads = json.get(engine).get("threads");
      int chosen = json.get("threads").asInt();
      assertThat(threads.get("nd4jMaxThreads").asInt()).isEqualTo(chosen);
      assertThat(threads.get("nd4jMaxMasterThreads").asInt()).isEqualTo(chosen);
      assertThat(threads.get("openMpMaxThreads").asInt()).isEqualTo(chosen);
    }
    // The normal build has no libtorch; the key is there and null.
    assertThat(json.get("libtorch").isNull()).isTrue();
  }

  @Test
  void rejectsUnknownVariant() {
    BenchModelCommand command =
        parsed("--variant", "resnet21", "--input", "32x32x3", "--batch", "8");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid depth: 21 for resnet<depth>");
  }

  @Test
  void rejectsMalformedInput() {
    BenchModelCommand command = parsed("--variant", "resnet20", "--input", "32x32", "--batch", "8");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid input: 32x32 (expected HxWxC, e.g. 224x224x3 or 28x28x1)");
  }

  @Test
  void rejectsInputSmallerThanTheNetworkDownsamples() {
    BenchModelCommand command =
        parsed("--variant", "resnet50", "--input", "16x16x3", "--batch", "8");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid input: 16x16x3 for resnet50 (height and width must be at least 32: the"
                + " network downsamples by 32)");
  }

  @Test
  void rejectsNonPositiveBatch() {
    BenchModelCommand command =
        parsed("--variant", "resnet20", "--input", "32x32x3", "--batch", "0");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid batch: 0 (expected 1 or more)");
  }

  @Test
  void rejectsUnknownShortcutNamingTheKey() {
    BenchModelCommand command = parsed("--variant", "resnet20", "--batch", "8", "--shortcut", "C");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.shortcut");
  }

  @Test
  void rejectsZeroThreads() {
    BenchModelCommand command =
        parsed("--variant", "resnet20", "--input", "8x8x3", "--batch", "2", "--threads", "0");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid threads: 0 (expected 1 or more)");
  }

  @Test
  void rejectsThreadsNd4jDoesNotRun() {
    int other = ModelBenchmark.nd4jThreads() + 1;
    BenchModelCommand command =
        parsed(
            "--variant", "resnet20", "--input", "8x8x3", "--batch", "2", "--threads", "" + other);
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid threads: " + other + " (ND4J runs ")
        .hasMessageContaining("OMP_NUM_THREADS=" + other);
  }

  @Test
  void rejectsUnknownFormat() {
    BenchModelCommand command =
        parsed("--variant", "resnet20", "--input", "32x32x3", "--batch", "8", "--format", "xml");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid format: xml (expected one of text, json)");
  }

  @Test
  void rejectsZeroIterations() {
    BenchModelCommand command =
        parsed("--variant", "resnet20", "--input", "32x32x3", "--batch", "8", "--iterations", "0");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid iterations: 0 (expected 1 or more)");
  }
}
