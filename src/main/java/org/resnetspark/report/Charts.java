package org.resnetspark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts, built from table rows. Curves have one series per run, so compared runs
 * share one chart, as the plain-vs-residual plots of He et al. 2015 (Figures 1 and 6) do.
 */
public final class Charts {
  /** One colour per run in the error chart: distinct in print and for common colour blindness. */
  private static final Paint[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xE69F00),
    new Color(0x56B4E9),
    Color.BLACK
  };

  private Charts() {}

  /** A chart and the file name it is written under. */
  public record Figure(String name, String title, JFreeChart chart) {}

  /** Every chart the runs' rows allow: curves over epochs, recall bars, a confusion heat map. */
  public static List<Figure> all(List<RunResults> runs) {
    List<Figure> figures = new java.util.ArrayList<>();
    figures.add(
        curve("train-loss", "Training loss", "loss", runs, "train", RunResults.Epoch::loss));
    figures.add(
        curve(
            "train-top1-error",
            "Training top-1 error (minibatches as trained)",
            "top-1 error",
            runs,
            "train",
            e -> e.top1() == null ? null : 1 - e.top1()));
    figures.add(
        curve(
            "val-top1-error",
            "Validation top-1 error",
            "top-1 error",
            runs,
            "val",
            e -> e.top1() == null ? null : 1 - e.top1()));
    figures.add(
        curve(
            "learning-rate",
            "Learning rate",
            "learning rate",
            runs,
            "train",
            RunResults.Epoch::lr));
    figures.add(
        curve(
            "images-per-sec",
            "Training throughput",
            "images/s",
            runs,
            "train",
            RunResults.Epoch::imagesPerSec));
    figures.add(errors(runs));
    if (runs.stream().anyMatch(r -> !r.evaluation().isEmpty())) {
      figures.add(recall(runs));
    }
    RunResults first = runs.get(0);
    if (!first.evaluation().isEmpty()) {
      figures.add(confusion(first));
    }
    return figures;
  }

  /** One series per run that has values of the split; x is the epoch. */
  static Figure curve(
      String name,
      String title,
      String axis,
      List<RunResults> runs,
      String split,
      Function<RunResults.Epoch, Double> value) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (RunResults run : runs) {
      XYSeries series = new XYSeries(label(run));
      for (RunResults.Epoch e : run.split(split)) {
        Double v = value.apply(e);
        if (v != null) {
          series.add(e.epoch(), v);
        }
      }
      if (series.getItemCount() > 0) {
        data.addSeries(series);
      }
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, "epoch", axis, data, PlotOrientation.VERTICAL, true, false, false);
    epochPlot(chart, data, new XYLineAndShapeRenderer(true, true));
    return new Figure(name, title, chart);
  }

  /**
   * He et al. 2015's Figures 1 and 6: per run, the top-1 error on the minibatches as trained (thin)
   * and on the validation split (bold), in one colour per run.
   */
  static Figure errors(List<RunResults> runs) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    int colour = 0;
    for (RunResults run : runs) {
      Paint paint = PALETTE[colour++ % PALETTE.length];
      for (String split : List.of("train", "val")) {
        XYSeries series = new XYSeries(label(run) + " " + split);
        for (RunResults.Epoch e : run.split(split)) {
          if (e.top1() != null) {
            series.add(e.epoch(), 1 - e.top1());
          }
        }
        if (series.getItemCount() > 0) {
          int index = data.getSeriesCount();
          data.addSeries(series);
          renderer.setSeriesPaint(index, paint);
          renderer.setSeriesStroke(index, new BasicStroke(split.equals("val") ? 3f : 1f));
        }
      }
    }
    String title = "Top-1 error: training (thin) and validation (bold)";
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, "epoch", "top-1 error", data, PlotOrientation.VERTICAL, true, false, false);
    epochPlot(chart, data, renderer);
    return new Figure("top1-error", title, chart);
  }

  /** A chart over epochs: whole-number epochs, readable values, white with grey grid lines. */
  private static void epochPlot(JFreeChart chart, XYSeriesCollection data, XYItemRenderer lines) {
    XYPlot plot = chart.getXYPlot();
    plot.setRenderer(lines);
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    readableRange((NumberAxis) plot.getRangeAxis(), data);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    style(chart);
  }

  /**
   * Ticks in plain decimals, over a range at least half the largest value wide: a constant series
   * (a constant learning rate) would otherwise get a range of 1e-8 whose every tick reads {@code
   * 5E-2}.
   */
  static void readableRange(NumberAxis axis, XYSeriesCollection data) {
    double largest = 0;
    for (int s = 0; s < data.getSeriesCount(); s++) {
      XYSeries series = data.getSeries(s);
      largest = Math.max(largest, Math.max(Math.abs(series.getMinY()), Math.abs(series.getMaxY())));
    }
    axis.setAutoRangeIncludesZero(false);
    if (largest > 0 && Double.isFinite(largest)) {
      axis.setAutoRangeMinimumSize(largest / 2);
      axis.configure();
    }
    axis.setNumberFormatOverride(
        new DecimalFormat("0.######", DecimalFormatSymbols.getInstance(Locale.ROOT)));
  }

  /** Recall per class, one bar series per run that has per-class metrics. */
  static Figure recall(List<RunResults> runs) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (RunResults run : runs) {
      for (RunResults.ClassRow c : run.evaluation().classes()) {
        data.addValue(c.recall(), label(run), className(c));
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Recall per class",
            "class",
            "recall",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    chart.getCategoryPlot().getRangeAxis().setRange(0, 1);
    chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
    chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    style(chart);
    return new Figure("class-recall", "Recall per class", chart);
  }

  /** Counts of actual (rows) against predicted (columns) classes; darker is more. */
  static Figure confusion(RunResults run) {
    List<RunResults.ClassRow> classes = run.evaluation().classes();
    List<RunResults.Cell> cells = run.evaluation().cells();
    double[][] xyz = new double[3][cells.size()];
    long max = 1;
    for (int i = 0; i < cells.size(); i++) {
      RunResults.Cell c = cells.get(i);
      xyz[0][i] = c.predicted();
      xyz[1][i] = c.actual();
      xyz[2][i] = c.count();
      max = Math.max(max, c.count());
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("count", xyz);
    String[] names = classes.stream().map(Charts::className).toArray(String[]::new);
    SymbolAxis predicted = new SymbolAxis("predicted", names);
    predicted.setVerticalTickLabels(true);
    SymbolAxis actual = new SymbolAxis("actual", names);
    actual.setInverted(true);
    predicted.setGridBandsVisible(false);
    actual.setGridBandsVisible(false);
    XYBlockRenderer renderer = new XYBlockRenderer();
    LookupPaintScale scale = new LookupPaintScale(0, max + 1, Color.WHITE);
    int steps = 16;
    for (int s = 0; s < steps; s++) {
      float t = (float) (s + 1) / steps;
      scale.add(1 + s * (double) max / steps, new Color(1 - 0.9f * t, 1 - 0.7f * t, 1 - 0.3f * t));
    }
    renderer.setPaintScale(scale);
    XYPlot plot = new XYPlot(data, predicted, actual, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    for (RunResults.Cell c : cells) {
      XYTextAnnotation count =
          new XYTextAnnotation(Long.toString(c.count()), c.predicted(), c.actual());
      count.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      count.setPaint(c.count() > max / 2 ? Color.WHITE : Color.BLACK);
      plot.addAnnotation(count);
    }
    String title =
        "Confusion matrix, " + run.evaluation().split() + " epoch " + run.evaluation().epoch();
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    PaintScaleLegend legend = new PaintScaleLegend(scale, new NumberAxis("count"));
    legend.setPosition(RectangleEdge.RIGHT);
    chart.addSubtitle(legend);
    style(chart);
    return new Figure("confusion", title, chart);
  }

  /** The series name of a run: its model and id. */
  public static String label(RunResults run) {
    String model = run.run().model();
    return (model == null ? "" : model + " ") + run.runId();
  }

  private static String className(RunResults.ClassRow c) {
    String name = c.className() != null ? c.className() : c.classId();
    return name != null ? name : Integer.toString(c.classIndex());
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
  }
}
