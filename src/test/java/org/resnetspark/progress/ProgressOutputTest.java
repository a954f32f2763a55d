package org.resnetspark.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressOutputTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aTerminalRedrawsTheStatusInPlaceAndKeepsLines() {
    ProgressOutput live = ProgressOutput.live(stream);
    assertThat(live.isLive()).isTrue();
    live.status("step 1 of 3, long text");
    live.status("step 2 of 3");
    assertThat(printed())
        .isEqualTo("\rstep 1 of 3, long text" + "\rstep 2 of 3" + " ".repeat(11))
        .doesNotContain("\n");
    live.line("epoch 1 done");
    assertThat(printed())
        .endsWith("\r" + " ".repeat(11) + "\r" + "epoch 1 done" + System.lineSeparator());
  }

  @Test
  void elsewhereEveryStatusIsALine() {
    List<String> lines = new ArrayList<>();
    ProgressOutput plain = ProgressOutput.lines(lines::add);
    assertThat(plain.isLive()).isFalse();
    plain.status("step 1 of 3");
    plain.status("step 2 of 3");
    plain.line("epoch 1 done");
    assertThat(lines).containsExactly("step 1 of 3", "step 2 of 3", "epoch 1 done");
  }

  @Test
  void onlyAConsoleThatIsNotDumbIsInteractive() {
    assertThat(ProgressOutput.isInteractive(true, "xterm-256color")).isTrue();
    assertThat(ProgressOutput.isInteractive(true, null)).isTrue();
    assertThat(ProgressOutput.isInteractive(true, "dumb")).isFalse();
    assertThat(ProgressOutput.isInteractive(false, "xterm-256color")).isFalse();
  }

  @Test
  void theBarShowsTheShareDone() {
    assertThat(ProgressOutput.bar(0, 40)).isEqualTo("[" + " ".repeat(24) + "] 0/40");
    assertThat(ProgressOutput.bar(10, 40)).isEqualTo("[=====>" + " ".repeat(18) + "] 10/40");
    assertThat(ProgressOutput.bar(40, 40)).isEqualTo("[" + "=".repeat(24) + "] 40/40");
    assertThat(ProgressOutput.bar(3, 0)).isEqualTo("[" + " ".repeat(24) + "] 3/0");
  }

  @Test
  void durationsAndTaskRates() {
    assertThat(ProgressOutput.duration(3725)).isEqualTo("01:02:05");
    assertThat(ProgressOutput.duration(Double.NaN)).isEqualTo("--:--:--");
    assertThat(ProgressListener.status("decoding", 10, 40, 5.0))
        .isEqualTo(
            "  decoding [=====>" + " ".repeat(18) + "] 10/40 tasks  2.0 tasks/s  ETA 00:00:15");
  }
}
