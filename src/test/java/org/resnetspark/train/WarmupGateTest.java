package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.resnetspark.config.ErrorWarmup;
import org.resnetspark.model.OutputScore;

/** The driver-side switch from the warm-up rate to the schedule's. */
class WarmupGateTest {

  /** A round of {@code examples} minibatch examples, {@code right} of them top-1. */
  static OutputScore round(long examples, long right) {
    return new OutputScore(2.3 * examples, right, Math.min(examples, 5 * right), examples);
  }

  @Test
  void withoutWarmupTheScheduleRules() {
    WarmupGate gate = new WarmupGate(ErrorWarmup.NONE);

    assertThat(gate.open()).isTrue();
    assertThat(gate.rate(0.1)).isEqualTo(0.1);
    assertThat(gate.afterRound(round(32, 0))).isEmpty();
  }

  @Test
  void holdsTheWarmupRateUntilTheErrorOfAWindowFallsBelowTheThreshold() {
    WarmupGate gate = new WarmupGate(new ErrorWarmup(0.01, 0.8, 0, 64));

    assertThat(gate.rate(0.1)).isEqualTo(0.01);
    // 32 examples are half a window: no decision yet, however good they look.
    assertThat(gate.afterRound(round(32, 32))).isEmpty();
    // The window of 64 has error 1 - 36/64 = 0.4375, below 0.8: this round ends it.
    assertThat(gate.afterRound(round(32, 4)))
        .hasValueSatisfying(
            line -> assertThat(line).contains("after 2 rounds", "0.4375", "below 0.8"));
    assertThat(gate.open()).isTrue();
    assertThat(gate.rate(0.1)).isEqualTo(0.1);
  }

  @Test
  void aWindowAtOrAboveTheThresholdStartsAFreshWindow() {
    WarmupGate gate = new WarmupGate(new ErrorWarmup(0.01, 0.8, 0, 50));

    // Error 0.9, then exactly 0.8 (not below 0.8): warm-up goes on, each window on its own.
    assertThat(gate.afterRound(round(50, 5))).isEmpty();
    assertThat(gate.afterRound(round(50, 10))).isEmpty();
    assertThat(gate.rate(0.1)).isEqualTo(0.01);
    // Error 0.78 in the third window: had the windows been pooled it would read 0.8267.
    assertThat(gate.afterRound(round(50, 11)))
        .hasValueSatisfying(line -> assertThat(line).contains("0.7800", "after 3 rounds"));
    assertThat(gate.rate(0.1)).isEqualTo(0.1);
  }

  @Test
  void aFixedNumberOfRounds() {
    WarmupGate gate = new WarmupGate(new ErrorWarmup(0.02, 0, 3, 512));

    assertThat(gate.afterRound(round(32, 0))).isEmpty();
    assertThat(gate.afterRound(round(32, 0))).isEmpty();
    assertThat(gate.rate(0.1)).isEqualTo(0.02);
    assertThat(gate.afterRound(round(32, 0)))
        .hasValueSatisfying(line -> assertThat(line).contains("3 warm-up rounds done"));
    assertThat(gate.rate(0.1)).isEqualTo(0.1);
  }

  @Test
  void withBothTheRoundsCapAWarmupWhoseErrorStaysHigh() {
    WarmupGate gate = new WarmupGate(new ErrorWarmup(0.01, 0.8, 2, 32));

    assertThat(gate.afterRound(round(32, 0))).isEmpty();
    assertThat(gate.afterRound(round(32, 0)))
        .hasValueSatisfying(line -> assertThat(line).contains("2 warm-up rounds done"));
    assertThat(gate.open()).isTrue();
  }
}
