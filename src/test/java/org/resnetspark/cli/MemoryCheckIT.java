package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train} with a net that cannot fit its workers' memory at the configured batch stops before
 * the first round, exit 2, with a message naming the net, the batch, the memory it needs and the
 * settings to change, and without a stack trace or a run directory.
 */
class MemoryCheckIT {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void aThousandLayersAtAHugeBatchAreRefusedBeforeTraining(@TempDir Path work) {
    String[] common = {
      "--set", "storage.work-dir=" + work, "--set", "spark.master=local[2]",
    };
    int prepared =
        run(
            concat(
                common,
                "prepare",
                "--source",
                "/usr/share/datasets/fashion-mnist",
                "--set",
                "data.layout=idx",
                "--set",
                "data.limit-per-class=2"));
    assertThat(prepared).as(err.toString()).isZero();

    int exit =
        run(
            concat(
                common,
                "train",
                "--set",
                "model.variant=preact-resnet1001",
                "--set",
                "train.workers=2",
                "--set",
                "train.batch-size-per-worker=2048"));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("preact-resnet1001 on 28x28x1 images at train.batch-size-per-worker 2048")
        .contains("needs about")
        .contains("shared by 2 local workers")
        .containsPattern("lower train\\.batch-size-per-worker to \\d+ or less")
        .contains("-Dorg.bytedeco.javacpp.maxphysicalbytes")
        .doesNotContain("\tat ");
    assertThat(Files.exists(work.resolve("runs"))).isFalse();
  }

  private static String[] concat(String[] options, String command, String... rest) {
    String[] all = new String[1 + options.length + rest.length];
    all[0] = command;
    System.arraycopy(options, 0, all, 1, options.length);
    System.arraycopy(rest, 0, all, 1 + options.length, rest.length);
    return all;
  }
}
