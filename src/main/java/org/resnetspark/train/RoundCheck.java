package org.resnetspark.train;

import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.resnetspark.config.DivergenceSettings;
import org.resnetspark.model.OutputScore;

/**
 * Whether an averaging round has diverged, checked on the driver right after the round, before its
 * parameters go to any worker or checkpoint: a NaN or infinite loss or score, NaN or infinite
 * averaged parameters, or a finite loss above {@code train.max-loss-factor} x ln(classes), or times
 * the loss the network started from where that is higher.
 *
 * <p>A network near its initialisation predicts about uniformly and starts near ln(classes), but a
 * deep post-activation one need not: every residual sum adds to the variance of the next, and
 * {@code resnet1202} on Fashion-MNIST started at 11.2 (4.9 x ln(10)) and averaged 13.4 over its
 * first round, which a limit of 3 x ln(10) took for a divergence. So the limit counts from the
 * larger of the two: the start is the mean loss of each worker's first minibatch in the job's first
 * round, which the workers score before its update.
 */
final class RoundCheck {
  private final DivergenceSettings settings;
  private final int classes;

  /** ln(classes), or the loss the network started from once that is known and higher. */
  private double reference;

  private double lossLimit;
  private boolean started;

  /** A start this many times chance or more is worth a line; nearer, the limit moves quietly. */
  static final double NOTABLE_START = 1.1;

  RoundCheck(DivergenceSettings settings, int classes) {
    this.settings = settings;
    this.classes = classes;
    this.reference = DivergenceSettings.chanceLoss(classes);
    this.lossLimit = settings.lossLimit(reference);
  }

  /**
   * Takes the loss the network starts from, {@code first} being the scores of each worker's first
   * minibatch of the job's first round (the first call with examples counts; later calls do
   * nothing). When that loss is above chance the limit counts from it; when it is {@link
   * #NOTABLE_START} times chance or more, the line returned says so.
   */
  Optional<String> start(OutputScore first) {
    if (started || first.examples() == 0 || Double.isNaN(first.loss())) {
      return Optional.empty();
    }
    started = true;
    double startLoss = first.loss();
    double chance = reference;
    if (!settings.limitsLoss() || !(startLoss > chance)) {
      return Optional.empty();
    }
    reference = startLoss;
    lossLimit = settings.lossLimit(reference);
    if (startLoss < NOTABLE_START * chance) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "the network starts at loss %.4f (its first minibatches, before any update), %.1f x"
                + " ln(%d classes): train.max-loss-factor counts from that loss, so a round above"
                + " %.4f is a divergence%s",
            startLoss,
            startLoss / chance,
            classes,
            lossLimit,
            limitReachable()
                ? ""
                : String.format(
                    Locale.ROOT,
                    " (above the largest loss a prediction is charged, %.2f: only NaN or infinite"
                        + " values count as diverged)",
                    -Math.log(OutputScore.MIN_PROBABILITY))));
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
      String from =
          reference > DivergenceSettings.chanceLoss(classes)
              ? String.format(Locale.ROOT, "%.4f, the loss the network started from,", reference)
              : String.format(Locale.ROOT, "ln(%d classes)", classes);
      throw new TrainingDivergedException(
          String.format(
              Locale.ROOT,
              "the averaged loss %.4f is above %s x %s = %.4f (train.max-loss-factor)",
              loss,
              settings.maxLossFactor(),
              from,
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
