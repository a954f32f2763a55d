package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.resnetspark.config.DivergenceSettings;
import org.resnetspark.model.OutputScore;

/**
 * A round's loss above train.max-loss-factor x ln(classes) is a divergence although it is finite;
 * at or below it, or with the limit off, it is not.
 */
class RoundCheckTest {
  private static final ComputationGraph NET = TrainFixtures.tinyConvNet(28, 28, 1, 0.1);

  @Test
  void aFiniteLossAboveTheFactorTimesChanceIsADivergence() {
    RoundCheck check = new RoundCheck(divergence("train.max-loss-factor=3"), 10);
    assertThat(check.lossLimit()).isCloseTo(3 * Math.log(10), within(1e-12));

    assertThatThrownBy(() -> check.afterRound(meanLoss(7.0), 7.1, NET, 2, 3, 11, 100))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageStartingWith(
            "Training diverged: the averaged loss 7.0000 is above 3.0 x ln(10 classes) = 6.9078"
                + " (train.max-loss-factor) after epoch 2 round 3 (step 11, lr 100.0)");
  }

  @Test
  void aLossNearChanceOrTheLimitOffIsNot() {
    RoundCheck check = new RoundCheck(divergence("train.max-loss-factor=3"), 10);
    assertThatCode(() -> check.afterRound(meanLoss(6.9), 6.9, NET, 1, 1, 1, 0.1))
        .doesNotThrowAnyException();
    RoundCheck off = new RoundCheck(divergence("train.max-loss-factor=0"), 10);
    assertThat(off.lossLimit()).isInfinite();
    assertThatCode(() -> off.afterRound(meanLoss(23.0), 23.0, NET, 1, 1, 1, 0.1))
        .doesNotThrowAnyException();
  }

  @Test
  void aLimitAboveTheLargestChargedLossCannotFire() {
    // -ln(1e-10) = 23.03 is the most a prediction costs: 3 x ln(2,000) = 22.8 still fires,
    // 3 x ln(3,000) = 24.0 never would.
    assertThat(new RoundCheck(divergence("train.max-loss-factor=3"), 2000).limitReachable())
        .isTrue();
    assertThat(new RoundCheck(divergence("train.max-loss-factor=3"), 3000).limitReachable())
        .isFalse();
  }

  @Test
  void aNetworkThatStartsAboveChanceCountsFromItsStart() {
    RoundCheck check = new RoundCheck(divergence("train.max-loss-factor=3"), 10);
    assertThat(check.start(meanLoss(5.0)))
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .startsWith("the network starts at loss 5.0000 (its first minibatches")
                    .contains("2.2 x ln(10 classes)")
                    .contains("a round above 15.0000 is a divergence")
                    .doesNotContain("only NaN"));
    assertThat(check.lossLimit()).isCloseTo(15.0, within(1e-12));
    assertThatCode(() -> check.afterRound(meanLoss(14.9), 14.9, NET, 1, 1, 1, 0.01))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> check.afterRound(meanLoss(15.5), 15.6, NET, 1, 2, 2, 0.01))
        .hasMessageStartingWith(
            "Training diverged: the averaged loss 15.5000 is above 3.0 x 5.0000, the loss the"
                + " network started from, = 15.0000 (train.max-loss-factor)");
    // Only the first start counts.
    assertThat(check.start(meanLoss(7.0))).isEmpty();
    assertThat(check.lossLimit()).isCloseTo(15.0, within(1e-12));
  }

  @Test
  void aStartNearChanceKeepsTheLimitAndAHighStartCanPutItOutOfReach() {
    RoundCheck near = new RoundCheck(divergence("train.max-loss-factor=3"), 10);
    assertThat(near.start(meanLoss(2.0))).isEmpty();
    assertThat(near.lossLimit()).isCloseTo(3 * Math.log(10), within(1e-12));
    RoundCheck little = new RoundCheck(divergence("train.max-loss-factor=3"), 10);
    assertThat(little.start(meanLoss(2.4))).isEmpty();
    assertThat(little.lossLimit()).isCloseTo(7.2, within(1e-12));
    RoundCheck empty = new RoundCheck(divergence("train.max-loss-factor=3"), 10);
    assertThat(empty.start(OutputScore.NONE)).isEmpty();
    assertThat(empty.start(meanLoss(4.0))).isPresent();

    RoundCheck high = new RoundCheck(divergence("train.max-loss-factor=3"), 10);
    assertThat(high.start(meanLoss(13.3659)))
        .hasValueSatisfying(line -> assertThat(line).contains("only NaN or infinite values"));
    assertThat(high.limitReachable()).isFalse();
    RoundCheck off = new RoundCheck(divergence("train.max-loss-factor=0"), 10);
    assertThat(off.start(meanLoss(13.0))).isEmpty();
    assertThat(off.lossLimit()).isInfinite();
  }

  /** Ten examples whose mean cross-entropy is {@code loss}. */
  private static OutputScore meanLoss(double loss) {
    return new OutputScore(10 * loss, 0, 0, 10);
  }

  private static DivergenceSettings divergence(String factor) {
    return TrainFixtures.settings(factor).onDivergence();
  }
}
