package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundPlanTest {
  @Test
  void fullRoundsGiveEachWorkerItsConsecutivePaths() {
    List<RoundPlan.Round> rounds = RoundPlan.deal(List.of("a", "b", "c", "d", "e", "f", "g"), 2, 2);

    assertThat(rounds).hasSize(2);
    assertThat(rounds.get(0).shares()).containsExactly(List.of("a", "b"), List.of("c", "d"));
    // The last round shares what is left as evenly as it can.
    assertThat(rounds.get(1).shares()).containsExactly(List.of("e", "f"), List.of("g"));
    assertThat(rounds.get(1).paths()).isEqualTo(3);
  }

  @Test
  void aShortLastRoundUsesOnlyAsManyWorkersAsItHasPaths() {
    List<RoundPlan.Round> rounds = RoundPlan.deal(List.of("a", "b", "c", "d", "e"), 4, 1);

    assertThat(rounds).extracting(RoundPlan.Round::workers).containsExactly(4, 1);
  }
}
