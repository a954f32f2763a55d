package org.resnetspark.train;

import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.resnetspark.config.DivergenceSettings;
import org.resnetspark.model.OutputScore;

/**
 * Whether an averaging round has diverged, checked on the driver right after the round, before its
 * parameters go to any worker or checkpoint: a NaN or infinite loss or score, NaN or infinite
 * averaged parameters, or a finite loss above {@code train.max-loss-factor} x ln(classes).
 */
final class RoundCheck {
  private final DivergenceSettings settings;
  private final int classes;
  private final double lossLimit;

  RoundCheck(DivergenceSettings settings, int classes) {
    this.settings = settings;
    this.classes = classes;
    this.lossLimit = settings.lossLimit(classes);
  }

  /**
   * Whether the limit can fire at all: a prediction is charged at most -ln({@link
   * OutputScore#MIN_PROBABILITY}), so a limit at or above that never does.
   */
  boolean limitReachable() {
    return lossLimit < -Math.log(OutputScore.MIN_PROBABILITY);
  }

  double lossLimit() {
    return lossLimit;
  }

  /** What the job says at its start when the limit is on but can never fire; else empty. */
  Optional<String> unreachableLimitNotice() {
    if (!settings.limitsLoss() || limitReachable()) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "train.max-loss-factor %s x ln(%d classes) = %.2f is above the largest loss a"
                + " prediction is charged (%.2f): only NaN or infinite values count as diverged",
            settings.maxLossFactor(),
            classes,
            lossLimit,
            -Math.log(OutputScore.MIN_PROBABILITY)));
  }

  /**
   * Throws {@link TrainingDivergedException} when round {@code round} of {@code epoch} diverged:
   * {@code trained} is its minibatches' scores, {@code score} DL4J's (data loss plus penalty).
   */
  void afterRound(
      OutputScore trained,
      double score,
      ComputationGraph net,
      int epoch,
      int round,
      long step,
      double lr) {
    double loss = trained.loss();
    if (!Double.isFinite(score) || (trained.examples() > 0 && !Double.isFinite(loss))) {
      throw new TrainingDivergedException(
          epoch, round, step, lr, Double.isFinite(score) ? loss : score);
    }
    if (trained.examples() > 0 && loss > lossLimit) {
      throw new TrainingDivergedException(
          String.format(
              Locale.ROOT,
              "the averaged loss %.4f is above %s x ln(%d classes) = %.4f (train.max-loss-factor)",
              loss,
              settings.maxLossFactor(),
              classes,
              lossLimit),
          epoch,
          round,
          step,
          lr);
    }
    // The loss is that of the last minibatch before its update: the update itself can still
    // have broken the parameters, which DL4J would then refuse to set a rate on (an NPE in
    // NetworkUtils.refreshUpdater), and which would be averaged into every worker.
    if (!Double.isFinite(net.params().sumNumber().doubleValue())) {
      throw new TrainingDivergedException(
          "the averaged parameters hold NaN or infinite values (loss " + loss + ")",
          epoch,
          round,
          step,
          lr);
    }
  }
}
