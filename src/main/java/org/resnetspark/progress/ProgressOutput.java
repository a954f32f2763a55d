package org.resnetspark.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Where a long job reports progress. On a terminal the status is one line redrawn in place (a
 * carriage return, no new line); elsewhere (spark-submit logs, CI, a pipe) every status is a plain
 * line. Permanent lines (an epoch's summary, a finished stage) are printed as lines in both cases.
 */
public final class ProgressOutput {
  private static final int BAR_WIDTH = 24;
  private final Consumer<String> lines;
  private final PrintStream terminal;
  private int shown;

  private ProgressOutput(Consumer<String> lines, PrintStream terminal) {
    this.lines = lines;
    this.terminal = terminal;
  }

  /** Every status as a line of its own. */
  public static ProgressOutput lines(Consumer<String> sink) {
    return new ProgressOutput(sink, null);
  }

  /** The status redrawn in place on {@code out}, a terminal. */
  public static ProgressOutput live(PrintStream out) {
    return new ProgressOutput(out::println, out);
  }

  /** Live on an interactive terminal, plain lines otherwise. */
  public static ProgressOutput forConsole(PrintStream out) {
    return isInteractive(System.console() != null, System.getenv("TERM"))
        ? live(out)
        : lines(out::println);
  }

  /** A console that is not a dumb terminal (as Emacs shells and some CI runners announce). */
  static boolean isInteractive(boolean hasConsole, String term) {
    return hasConsole && !"dumb".equals(term);
  }

  public boolean isLive() {
    return terminal != null;
  }

  /** The current state of the work, replacing the previous one on a terminal. */
  public synchronized void status(String text) {
    if (terminal == null) {
      lines.accept(text);
      return;
    }
    // Pad over what is left of a longer previous status.
    terminal.print("\r" + text + " ".repeat(Math.max(0, shown - text.length())));
    terminal.flush();
    shown = text.length();
  }

  /** A line that stays. */
  public synchronized void line(String text) {
    if (terminal != null && shown > 0) {
      terminal.print("\r" + " ".repeat(shown) + "\r");
      shown = 0;
    }
    lines.accept(text);
  }

  /** {@code [=========> ] 12/40}: how much of the work is done. */
  public static String bar(long done, long total) {
    int filled = total <= 0 ? 0 : (int) Math.min(BAR_WIDTH, BAR_WIDTH * done / total);
    String head = filled < BAR_WIDTH && filled > 0 ? ">" : "";
    String body = "=".repeat(filled - head.length()) + head;
    return String.format(
        Locale.ROOT, "[%s%s] %d/%d", body, " ".repeat(BAR_WIDTH - filled), done, total);
  }

  /** {@code hh:mm:ss}, or {@code --:--:--} when not known. */
  public static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "--:--:--";
    }
    Duration d = Duration.ofSeconds(Math.round(seconds));
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }
}
