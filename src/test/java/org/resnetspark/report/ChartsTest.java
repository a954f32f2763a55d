package org.resnetspark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jfree.chart.axis.NumberAxis;
import org.junit.jupiter.api.Test;

class ChartsTest {
  @Test
  void aConstantLearningRateGetsReadableDistinctTicks() {
    List<RunResults.Epoch> epochs =
        List.of(epoch(1, 0.05), epoch(2, 0.05), epoch(3, 0.05), epoch(4, 0.05));
    RunResults run =
        new RunResults(
            new RunResults.Run("r1", null, "resnet8", "d", "{}", "finished", null, null, 2),
            epochs,
            List.of(),
            new RunResults.Evaluation(0, "val", List.of(), List.of()));

    Charts.Figure lr =
        Charts.all(List.of(run)).stream()
            .filter(f -> f.name().equals("learning-rate"))
            .findFirst()
            .orElseThrow();

    NumberAxis axis = (NumberAxis) lr.chart().getXYPlot().getRangeAxis();
    assertThat(axis.getRange().getLength()).isGreaterThan(0.024);
    assertThat(axis.getRange().contains(0.05)).isTrue();
    assertThat(axis.getNumberFormatOverride().format(0.05)).isEqualTo("0.05");
    assertThat(axis.getNumberFormatOverride().format(0.0001)).isEqualTo("0.0001");
  }

  private static RunResults.Epoch epoch(int n, double lr) {
    return new RunResults.Epoch(n, 10L * n, "train", 1.0, 0.5, 0.9, lr, 100.0, 3.0);
  }
}
