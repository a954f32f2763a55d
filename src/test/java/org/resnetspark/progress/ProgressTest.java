package org.resnetspark.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void onATerminalARoundRedrawsABarWithLossThroughputAndEta() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress progress =
        new Progress(ProgressOutput.live(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    progress.round(1, 2, 3, 4, 7, 1.23456, 0.05, 512.34, 65);
    progress.line("epoch 1 done");
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .startsWith(
            "\repoch 1/2  ["
                + "=".repeat(17)
                + ">"
                + " ".repeat(6)
                + "] 3/4  step 7  loss 1.2346"
                + "  lr 0.05000  512.3 img/s  ETA 00:01:05")
        .endsWith("\repoch 1 done" + System.lineSeparator());
    assertThat(printed.chars().filter(c -> c == '\n').count()).isEqualTo(1);
  }

  @Test
  void elsewhereEachRoundIsAPlainLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    progress.round(1, 2, 3, 4, 7, 1.23456, 0.05, 512.34, 65);
    progress.round(1, 2, 4, 4, 8, 1.1, 0.05, 500, 0);
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "epoch 1/2  round 3/4  step 7  loss 1.2346  lr 0.05000  512.3 img/s  ETA 00:01:05",
            "epoch 1/2  round 4/4  step 8  loss 1.1000  lr 0.05000  500.0 img/s  ETA 00:00:00")
        .allSatisfy(l -> assertThat(l).doesNotContain("\r"));
  }
}
