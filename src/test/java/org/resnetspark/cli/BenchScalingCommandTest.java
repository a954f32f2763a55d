package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.resnetspark.bench.ScalingBenchmark;
import org.resnetspark.config.ConfigException;
import picocli.CommandLine;

/** Bad arguments are refused before a cluster starts, naming the argument and what is allowed. */
class BenchScalingCommandTest {

  private static BenchScalingCommand parsed(String... args) {
    BenchScalingCommand command = new BenchScalingCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void defaultsMeasureResnet20AtOneAndTwoExecutors() {
    ScalingBenchmark.Options o = parsed().validated();

    assertThat(o.variants()).containsExactly("resnet20");
    assertThat(o.executors()).containsExactly(1, 2);
    assertThat(o.averagingFrequencies()).containsExactly(1, 5, 20);
    assertThat(o.classpath()).isNotBlank();
  }

  @Test
  void fitMeasuresFiveModelSizes() {
    ScalingBenchmark.Options o = parsed("--fit").validated();

    assertThat(o.variants())
        .containsExactly("resnet8", "resnet20", "resnet56", "resnet110", "resnet50");
  }

  @Test
  void listsAreCommaSeparated() {
    ScalingBenchmark.Options o =
        parsed(
                "--variant",
                "resnet8,resnet56",
                "--executors",
                "1,2,3",
                "--averaging-frequency",
                "5")
            .validated();

    assertThat(o.variants()).containsExactly("resnet8", "resnet56");
    assertThat(o.executors()).containsExactly(1, 2, 3);
    assertThat(o.averagingFrequencies()).containsExactly(5);
  }

  @Test
  void refusesAnUnknownVariant() {
    assertThatThrownBy(() -> parsed("--variant", "resnet9").validated())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid depth: 9")
        .hasMessageContaining("(set by --variant)");
  }

  @Test
  void refusesNoExecutors() {
    assertThatThrownBy(() -> parsed("--executors", "0").validated())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid --executors: 0");
  }

  @Test
  void refusesTooFewImagesForOneRoundOfEveryExecutor() {
    assertThatThrownBy(
            () ->
                parsed(
                        "--executors",
                        "2",
                        "--batch",
                        "8",
                        "--averaging-frequency",
                        "20",
                        "--images",
                        "100")
                    .validated())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid --images: 100 (expected 320 to 60000");
  }

  @Test
  void refusesAnUnknownFormatWithExitCode2() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine().setErr(new PrintWriter(err));

    int exit = cli.execute("bench", "scaling", "--format", "yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid --format: yaml (expected one of [text, json])")
        .doesNotContain("Exception");
  }
}
