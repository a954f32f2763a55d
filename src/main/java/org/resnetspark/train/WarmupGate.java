package org.resnetspark.train;

import java.util.Locale;
import java.util.Optional;
import org.resnetspark.config.ErrorWarmup;
import org.resnetspark.model.OutputScore;

/**
 * Holds the learning rate at the warm-up rate until the training error falls below the threshold or
 * the warm-up rounds are over ({@link ErrorWarmup}), then lets the schedule's rate through.
 *
 * <p>It lives on the driver: DL4J starts every worker at iteration 0 in each averaging round, so a
 * schedule the workers kept would never advance. The driver sees each round's minibatch scores
 * (cross-entropy and top-1 hits of the minibatches as trained, before their update) and decides
 * before the next round.
 */
public final class WarmupGate {
  private final ErrorWarmup settings;
  private boolean open;
  private OutputScore window = OutputScore.NONE;
  private long rounds;

  public WarmupGate(ErrorWarmup settings) {
    this.settings = settings;
    this.open = !settings.enabled();
  }

  /** Whether warm-up is over (or was never asked for). */
  public boolean open() {
    return open;
  }

  /** The rate for the next round: the warm-up rate while warming up, else {@code scheduled}. */
  public double rate(double scheduled) {
    return open ? scheduled : settings.rate();
  }

  /**
   * Counts a finished round and its scores; when that ends the warm-up, returns the line that says
   * why.
   */
  public Optional<String> afterRound(OutputScore round) {
    if (open) {
      return Optional.empty();
    }
    rounds++;
    if (settings.byError()) {
      window = window.plus(round);
      if (window.examples() >= settings.window()) {
        double error = 1 - window.top1Accuracy();
        if (error < settings.untilError()) {
          return end(
              String.format(
                  Locale.ROOT,
                  "training top-1 error %.4f over the last %d examples is below %s",
                  error,
                  window.examples(),
                  settings.untilError()));
        }
        window = OutputScore.NONE;
      }
    }
    if (settings.byRounds() && rounds >= settings.rounds()) {
      return end(String.format(Locale.ROOT, "%d warm-up rounds done", rounds));
    }
    return Optional.empty();
  }

  private Optional<String> end(String why) {
    open = true;
    return Optional.of(
        String.format(
            Locale.ROOT,
            "warm-up at learning rate %s ends after %d rounds: %s; the schedule's rate from now on",
            settings.rate(),
            rounds,
            why));
  }
}
