package org.resnetspark.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Progress lines on the driver: one per averaging round, and one per finished epoch. */
public final class Progress {
  private final PrintStream out;

  public Progress(PrintStream out) {
    this.out = out;
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
    out.printf(
        Locale.ROOT,
        "epoch %d/%d  round %d/%d  step %d  loss %.4f  lr %.5f  %.1f img/s  ETA %s%n",
        epoch,
        epochs,
        round,
        rounds,
        globalStep,
        loss,
        lr,
        imagesPerSec,
        duration(etaSeconds));
  }

  public void line(String text) {
    out.println(text);
  }

  public static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "--:--:--";
    }
    Duration d = Duration.ofSeconds(Math.round(seconds));
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }
}
