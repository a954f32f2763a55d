package org.resnetspark.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricTest {
  @Test
  void accuracyImprovesUpAndLossDown() {
    assertThat(Metric.TOP1.gain(0.8, 0.7))
        .isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Metric.TOP5.better(0.95, 0.9)).isTrue();
    assertThat(Metric.LOSS.gain(0.5, 0.7))
        .isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Metric.LOSS.better(0.7, 0.5)).isFalse();
    assertThat(Metric.LOSS.better(0.5, 0.7)).isTrue();
  }

  @Test
  void aMissingOrNanValueNeverWins() {
    assertThat(Metric.TOP1.better(Double.NaN, 0.1)).isFalse();
    assertThat(Metric.TOP1.better(null, 0.1)).isFalse();
    assertThat(Metric.LOSS.better(3.0, Double.NaN)).isTrue();
    assertThat(Metric.LOSS.better(3.0, null)).isTrue();
  }

  @Test
  void readsItsValueByKey() {
    Map<String, Double> metrics = Map.of("loss", 1.5, "top1", 0.6, "top5", 0.9);
    assertThat(Metric.LOSS.in(metrics)).isEqualTo(1.5);
    assertThat(Metric.TOP5.in(metrics)).isEqualTo(0.9);
    assertThat(Metric.TOP1.of(1.5, 0.6, 0.9)).isEqualTo(0.6);
    assertThat(Metric.LOSS.of(1.5, 0.6, 0.9)).isEqualTo(1.5);
  }
}
