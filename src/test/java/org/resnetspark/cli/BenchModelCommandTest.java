package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
    CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out));
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
    assertThat(json.get("stock").get("trainImagesPerSec").asDouble()).isPositive();
    assertThat(json.get("stock").get("inferImagesPerSec").asDouble()).isPositive();
    assertThat(json.get("fast").get("trainImagesPerSec").asDouble()).isPositive();
    assertThat(json.get("fast").get("inferImagesPerSec").asDouble()).isPositive();
    assertThat(json.get("fastConvolutions").asText()).isEqualTo("onednn");
    // The normal build has no libtorch; the key is there and null.
    assertThat(json.get("libtorch").isNull()).isTrue();
  }

  @Test
  void rejectsUnknownVariant() {
    BenchModelCommand command =
        parsed("--variant", "resnet21", "--input", "32x32x3", "--batch", "8");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid variant: resnet21 (expected one of resnet20, resnet32, resnet56, resnet18,"
                + " resnet34, resnet50, resnet101)");
  }

  @Test
  void rejectsMalformedInput() {
    BenchModelCommand command = parsed("--variant", "resnet20", "--input", "32x32", "--batch", "8");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid input: 32x32 (expected HxWxC with positive integers, e.g. 32x32x3 or"
                + " 224x224x3)");
  }

  @Test
  void rejectsInputSmallerThanTheNetworkDownsamples() {
    BenchModelCommand command =
        parsed("--variant", "resnet50", "--input", "16x16x3", "--batch", "8");
    assertThatThrownBy(command::call)
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid input: 16x16x3 for resnet50 (height and width must be at least 32)");
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
