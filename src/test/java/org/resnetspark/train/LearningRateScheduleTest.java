package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.resnetspark.config.ErrorWarmup;
import org.resnetspark.config.ScheduleSettings;
import org.resnetspark.config.ScheduleType;

class LearningRateScheduleTest {
  @Test
  void stepDividesByTenAtEachMilestone() {
    var s =
        new LearningRateSchedule(
            0.1,
            new ScheduleSettings(ScheduleType.STEP, List.of(2.0, 4.0), 0.1, 0, ErrorWarmup.NONE),
            6);
    assertThat(s.rateAt(0)).isCloseTo(0.1, within(1e-12));
    assertThat(s.rateAt(1.99)).isCloseTo(0.1, within(1e-12));
    assertThat(s.rateAt(2.0)).isCloseTo(0.01, within(1e-12));
    assertThat(s.rateAt(5.5)).isCloseTo(0.001, within(1e-12));
  }

  @Test
  void warmupRisesLinearlyToTheBaseRate() {
    var s =
        new LearningRateSchedule(
            0.4, new ScheduleSettings(ScheduleType.STEP, List.of(), 0.1, 5, ErrorWarmup.NONE), 90);
    assertThat(s.rateAt(0)).isCloseTo(0.04, within(1e-12));
    assertThat(s.rateAt(2.5)).isCloseTo(0.22, within(1e-12));
    assertThat(s.rateAt(5)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void cosineEndsAtZero() {
    var s =
        new LearningRateSchedule(
            0.1,
            new ScheduleSettings(ScheduleType.COSINE, List.of(), 0.1, 0, ErrorWarmup.NONE),
            10);
    assertThat(s.rateAt(0)).isCloseTo(0.1, within(1e-12));
    assertThat(s.rateAt(5)).isCloseTo(0.05, within(1e-12));
    assertThat(s.rateAt(10)).isCloseTo(0.0, within(1e-12));
  }
}
