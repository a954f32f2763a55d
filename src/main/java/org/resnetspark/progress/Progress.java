package org.resnetspark.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress on the driver: a status per averaging round (a live bar on a terminal, a line
 * otherwise) and a line per finished epoch.
 */
public final class Progress {
  private final ProgressOutput output;

  /** Plain lines on {@code out}. */
  public Progress(PrintStream out) {
    this(ProgressOutput.lines(out::println));
  }

  public Progress(ProgressOutput output) {
    this.output = output;
  }

  public void round(
      int epoch,
      int epochs,
      int round,
      int rounds,
      long globalStep,
      double loss,
      double lr,
      double imagesPerSec,
      double etaSeconds) {
    String counts =
        output.isLive()
            ? ProgressOutput.bar(round, rounds)
            : String.format(Locale.ROOT, "round %d/%d", round, rounds);
    output.status(
        String.format(
            Locale.ROOT,
            "epoch %d/%d  %s  step %d  loss %.4f  lr %.5f  %.1f img/s  ETA %s",
            epoch,
            epochs,
            counts,
            globalStep,
            loss,
            lr,
            imagesPerSec,
            duration(etaSeconds)));
  }

  public void line(String text) {
    output.line(text);
  }

  public static String duration(double seconds) {
    return ProgressOutput.duration(seconds);
  }
}
