package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and messages of the entry point; none of these cases starts Spark. */
class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void unknownCommandIsUsageError() {
    assertThat(run("fly")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("fly");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"demo", "models", "prepare", "train", "sql", "bench"}) {
      assertThat(run(command, "--help")).as(command).isZero();
    }
    assertThat(out.toString()).contains("--config").contains("--set").contains("--master");
  }

  @Test
  void badConfigurationIsUsageErrorNamingTheKey() {
    assertThat(run("train", "--set", "train.epochs=0")).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid train.epochs: 0 (expected a whole number from 1 to 100000)")
        .doesNotContain("\tat ");
  }

  @Test
  void unknownKeyIsUsageError() {
    assertThat(run("prepare", "--set", "data.colour=red", "--source", "/tmp")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown configuration key 'data.colour'");
  }

  @Test
  void prepareWithoutSourceSaysHow() {
    assertThat(run("prepare", "--set", "spark.master=local[1]")).isEqualTo(2);
    assertThat(err.toString()).contains("pass --source URI or set data.source");
  }

  @Test
  void gpuSettingsWithTheCpuJarAreRefusedBeforeSparkStarts(@TempDir Path work) {
    int exit =
        run(
            "sql",
            "SELECT 1",
            "--set",
            "storage.work-dir=" + work,
            "--set",
            "spark.conf.\"spark.executor.resource.gpu.amount\"=1");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "error: GPUs are requested (spark.executor.resource.gpu.amount=1,"
                + " spark.task.resource.gpu.amount=0) but this jar has ND4J's CPU backend")
        .contains("error: spark.executor.resource.gpu.amount=1 but spark.task.resource.gpu.amount")
        .doesNotContain("\tat ");
  }

  @Test
  void missingBenchmarkNameIsUsageError() {
    assertThat(run("bench")).isEqualTo(2);
  }
}
