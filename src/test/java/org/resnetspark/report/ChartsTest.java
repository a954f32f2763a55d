package org.resnetspark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.BasicStroke;
import java.util.List;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

class ChartsTest {
  @Test
  void aConstantLearningRateGetsReadableDistinctTicks() {
    List<RunResults.Epoch> epochs =
        List.of(epoch(1, 0.05), epoch(2, 0.05), epoch(3, 0.05), epoch(4, 0.05));
    RunResults run =
        new RunResults(
            new RunResults.Run(
                "r1", null, "resnet8", "d", "{}", "finished", null, null, 2, 270000L),
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

  @Test
  void theErrorChartHasATrainAndAValidationSeriesPerRunInOneColour() {
    RunResults plain = run("p1", "plain8", 0.4, 0.5);
    RunResults residual = run("r1", "resnet8", 0.2, 0.3);

    Charts.Figure errors = Charts.errors(List.of(plain, residual));

    XYPlot plot = errors.chart().getXYPlot();
    XYSeriesCollection data = (XYSeriesCollection) plot.getDataset();
    assertThat(data.getSeriesCount()).isEqualTo(4);
    assertThat(data.getSeriesKey(0)).isEqualTo("plain8 p1 train");
    assertThat(data.getSeriesKey(3)).isEqualTo("resnet8 r1 val");
    // Error = 1 - top-1 of the rows, epoch by epoch.
    assertThat(data.getSeries(0).getY(1).doubleValue()).isCloseTo(1 - 0.4 - 0.1, within(1e-9));
    assertThat(data.getSeries(3).getY(0).doubleValue()).isCloseTo(1 - 0.3, within(1e-9));
    XYItemRenderer renderer = plot.getRenderer();
    assertThat(renderer.getSeriesPaint(0)).isEqualTo(renderer.getSeriesPaint(1));
    assertThat(renderer.getSeriesPaint(0)).isNotEqualTo(renderer.getSeriesPaint(2));
    assertThat(((BasicStroke) renderer.getSeriesStroke(0)).getLineWidth())
        .isLessThan(((BasicStroke) renderer.getSeriesStroke(1)).getLineWidth());
  }

  /** Two epochs of train and val rows whose top-1 grows by 0.1 an epoch. */
  private static RunResults run(String id, String model, double trainTop1, double valTop1) {
    List<RunResults.Epoch> rows =
        List.of(
            new RunResults.Epoch(1, 5, "train", 1.0, trainTop1, null, 0.1, 10.0, 1.0, null),
            new RunResults.Epoch(1, 5, "val", 1.0, valTop1, null, null, null, null, null),
            new RunResults.Epoch(2, 10, "train", 0.8, trainTop1 + 0.1, null, 0.1, 10.0, 1.0, null),
            new RunResults.Epoch(2, 10, "val", 0.9, valTop1 + 0.1, null, null, null, null, null));
    return new RunResults(
        new RunResults.Run(id, null, model, "d", "{}", "finished", null, null, 2, 270000L),
        rows,
        List.of(),
        new RunResults.Evaluation(0, "val", List.of(), List.of()));
  }

  private static RunResults.Epoch epoch(int n, double lr) {
    return new RunResults.Epoch(n, 10L * n, "train", 1.0, 0.5, 0.9, lr, 100.0, 3.0, null);
  }
}
