package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.report.Charts;
import org.resnetspark.report.Report;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/** The report of two real tiny runs (residual and plain), checked against the tables. */
class ReportIT {
  static final List<String> CHARTS =
      List.of(
          "train-loss",
          "train-top1-error",
          "val-top1-error",
          "learning-rate",
          "images-per-sec",
          "top1-error",
          "class-recall",
          "confusion");
  @TempDir static Path out;
  static SparkSession spark;
  static String residual;
  static String plain;
  static int exitCode;
  static Document html;

  @BeforeAll
  static void writeReport() throws Exception {
    spark = TinyRuns.session();
    residual = TinyRuns.runIds().get(0);
    plain = TinyRuns.runIds().get(1);
    exitCode = report("--run", residual, "--compare", plain, "--out", out.toString()).exitCode();
    html =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(out.resolve("index.html").toFile());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static DemoIT.Cli report(String... args) {
    StringWriter err = new StringWriter();
    StringWriter outText = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(outText));
    List<String> all = new ArrayList<>(List.of("report"));
    all.addAll(TinyRuns.setArguments());
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    return new DemoIT.Cli(code, outText.toString(), err.toString());
  }

  @Test
  void writesEveryChartAsAValidPngAndSvg() throws Exception {
    assertThat(exitCode).isZero();
    for (String name : CHARTS) {
      BufferedImage png = ImageIO.read(out.resolve("charts/" + name + ".png").toFile());
      assertThat(png).as(name).isNotNull();
      assertThat(png.getWidth()).isEqualTo(800);
      Document svg =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(out.resolve("charts/" + name + ".svg").toFile());
      assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
      assertThat(svg.getElementsByTagName("path").getLength()).as(name).isPositive();
    }
  }

  @Test
  void theHtmlIsSelfContained() throws Exception {
    String text = Files.readString(out.resolve("index.html"));
    assertThat(text).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=\"http");
    NodeList images = html.getElementsByTagName("img");
    assertThat(images.getLength()).isEqualTo(CHARTS.size());
    for (int i = 0; i < images.getLength(); i++) {
      String src = ((Element) images.item(i)).getAttribute("src");
      assertThat(src).startsWith("data:image/png;base64,");
      byte[] png = Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
      assertThat(ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
    }
  }

  @Test
  void curvesHaveOneSeriesPerRunAndOnePointPerEpoch() throws Exception {
    Report.Written written = Report.write(spark, List.of(residual, plain), out.resolve("again"));
    List<String> labels = written.runs().stream().map(Charts::label).toList();
    assertThat(labels.get(0)).startsWith("resnet8 ");
    assertThat(labels.get(1)).startsWith("plain8 ");
    for (Charts.Figure f : written.figures().subList(0, 4)) {
      XYDataset data = f.chart().getXYPlot().getDataset();
      assertThat(data.getSeriesCount()).as(f.name()).isEqualTo(2);
      for (int s = 0; s < 2; s++) {
        assertThat(data.getSeriesKey(s)).isEqualTo(labels.get(s));
        assertThat(data.getItemCount(s)).as(f.name()).isEqualTo(2);
      }
    }
    // The validation error of epoch 2 of the plain run is 1 - its top-1 in the table.
    double top1 =
        spark
            .sql(
                "SELECT top1 FROM resnet.epoch_metrics WHERE split = 'val' AND epoch = 2 AND run_id = '"
                    + plain
                    + "'")
            .first()
            .getDouble(0);
    assertThat(figure(written, "val-top1-error").getXYPlot().getDataset().getYValue(1, 1))
        .isCloseTo(1 - top1, within(1e-12));
    var bars = figure(written, "class-recall").getCategoryPlot().getDataset();
    assertThat(bars.getRowCount()).isEqualTo(2);
    assertThat(bars.getColumnCount()).isEqualTo(10);
    XYZDataset cells = (XYZDataset) figure(written, "confusion").getXYPlot().getDataset();
    double total = 0;
    for (int i = 0; i < cells.getItemCount(0); i++) {
      total += cells.getZValue(0, i);
    }
    long examples =
        spark
            .sql(
                "SELECT sum(count) FROM resnet.confusion WHERE split = 'val' AND epoch = 2 AND run_id"
                    + " = '"
                    + residual
                    + "'")
            .first()
            .getLong(0);
    assertThat(total).isEqualTo(examples).isEqualTo(80);
  }

  @Test
  void theErrorFigureHasTheTrainingAndValidationErrorOfEachRun() throws Exception {
    Report.Written written = Report.write(spark, List.of(residual, plain), out.resolve("errors"));
    XYDataset data = figure(written, "top1-error").getXYPlot().getDataset();
    List<String> labels = written.runs().stream().map(Charts::label).toList();

    assertThat(data.getSeriesCount()).isEqualTo(4);
    assertThat(List.of(0, 1, 2, 3).stream().map(data::getSeriesKey).toList())
        .containsExactly(
            labels.get(0) + " train",
            labels.get(0) + " val",
            labels.get(1) + " train",
            labels.get(1) + " val");
    for (int s = 0; s < 4; s++) {
      String run = s < 2 ? residual : plain;
      String split = s % 2 == 0 ? "train" : "val";
      List<Row> rows =
          spark
              .sql(
                  "SELECT top1 FROM resnet.epoch_metrics WHERE run_id = '"
                      + run
                      + "' AND split = '"
                      + split
                      + "' ORDER BY epoch")
              .collectAsList();
      assertThat(data.getItemCount(s)).isEqualTo(rows.size()).isEqualTo(2);
      for (int i = 0; i < rows.size(); i++) {
        assertThat(data.getYValue(s, i)).isCloseTo(1 - rows.get(i).getDouble(0), within(1e-12));
      }
    }
  }

  @Test
  void theSummaryComesFirstAndItsNumbersAreTheTables() throws Exception {
    String query =
        "SELECT r.run_id, r.model, r.trainable_params,"
            + " max(m.epoch) FILTER (WHERE m.split = 'train'),"
            + " max_by(m.top1, m.epoch) FILTER (WHERE m.split = 'val'),"
            + " max(m.top1) FILTER (WHERE m.split = 'val'),"
            + " min_by(m.epoch, named_struct('t', -m.top1, 'e', m.epoch))"
            + "   FILTER (WHERE m.split = 'val'),"
            + " max_by(m.top5, m.epoch) FILTER (WHERE m.split = 'val'),"
            + " max(m.top5) FILTER (WHERE m.split = 'val'),"
            + " CAST(unix_millis(r.finished_at) - unix_millis(r.started_at) AS DOUBLE) / 1000,"
            + " sum(m.images_per_sec * m.duration_s) FILTER (WHERE m.split = 'train')"
            + "   / sum(m.duration_s) FILTER (WHERE m.split = 'train')"
            + " FROM resnet.runs r JOIN resnet.epoch_metrics m ON m.run_id = r.run_id"
            + " WHERE r.run_id IN ('"
            + residual
            + "', '"
            + plain
            + "') GROUP BY r.run_id, r.model, r.trainable_params, r.started_at, r.finished_at"
            + " ORDER BY r.run_id = '"
            + residual
            + "' DESC";

    assertXpathTableEquals("//*[local-name()='table'][@class='summary']", "summary", query, 2);
    // The ResNet-8 of the tiny runs at 28x28x1 and 10 classes, as `models` counts it.
    assertThat(
            spark
                .sql("SELECT trainable_params FROM resnet.runs WHERE run_id = '" + residual + "'")
                .first()
                .getLong(0))
        .isEqualTo(
            org.resnetspark.model.ModelSummary.of(
                    org.resnetspark.model.Variants.parse("resnet8"),
                    org.resnetspark.model.ModelOptions.defaultsFor(
                            org.resnetspark.model.Variants.parse("resnet8"))
                        .withClasses(10)
                        .withInput(28, 28, 1))
                .trainableParams());
    NodeList headings = html.getElementsByTagName("h2");
    assertThat(headings.item(0).getTextContent()).isEqualTo("Summary");
  }

  @Test
  void theNumbersInTheTablesAreTheTablesRows() throws Exception {
    for (String run : List.of(residual, plain)) {
      assertTableEquals(
          "epoch_metrics",
          run,
          "SELECT epoch, split, global_step, loss, top1, top5, lr, images_per_sec, duration_s,"
              + " penalty FROM resnet.epoch_metrics WHERE run_id = '"
              + run
              + "' ORDER BY epoch, split",
          4);
      assertTableEquals(
          "class_metrics",
          run,
          "SELECT class_index, class_id, class_name, precision, recall, f1, support"
              + " FROM resnet.class_metrics WHERE split = 'val' AND epoch = 2 AND run_id = '"
              + run
              + "' ORDER BY class_index",
          10);
      assertTableEquals(
          "checkpoints",
          run,
          "SELECT epoch, global_step, path, size_bytes, is_best, checksum"
              + " FROM resnet.checkpoints WHERE run_id = '"
              + run
              + "' ORDER BY epoch",
          2);
    }
  }

  @Test
  void anUnknownRunIsABadArgumentThatSaysHowToListRuns() {
    DemoIT.Cli unknown = report("--run", "no-such-run", "--out", out.resolve("x").toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("Unknown run id: no-such-run")
        .contains("resnet-spark sql \"SELECT run_id")
        .doesNotContain("\tat ");
  }

  private static JFreeChart figure(Report.Written written, String name) {
    return written.figures().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow()
        .chart();
  }

  /** The HTML table of the run has the query's rows: same text, numbers to six digits. */
  private static void assertTableEquals(String cssClass, String run, String query, int rows)
      throws Exception {
    assertXpathTableEquals(
        "//*[local-name()='table'][@class='" + cssClass + "'][@data-run='" + run + "']",
        cssClass,
        query,
        rows);
  }

  private static void assertXpathTableEquals(String xpath, String cssClass, String query, int rows)
      throws Exception {
    Element table =
        (Element) XPathFactory.newInstance().newXPath().evaluate(xpath, html, XPathConstants.NODE);
    assertThat(table).as(xpath).isNotNull();
    NodeList tr = table.getElementsByTagName("tr");
    List<Row> expected = spark.sql(query).collectAsList();
    assertThat(expected).hasSize(rows);
    assertThat(tr.getLength() - 1).isEqualTo(rows);
    for (int r = 0; r < rows; r++) {
      NodeList td = ((Element) tr.item(r + 1)).getElementsByTagName("td");
      Row row = expected.get(r);
      assertThat(td.getLength()).isEqualTo(row.size());
      for (int c = 0; c < row.size(); c++) {
        String cell = td.item(c).getTextContent();
        Object v = row.get(c);
        String where = cssClass + " row " + r + " column " + c;
        if (v == null) {
          assertThat(cell).as(where).isEmpty();
        } else if (v instanceof Double d) {
          assertThat(Double.parseDouble(cell)).as(where).isCloseTo(d, within(Math.abs(d) * 1e-5));
        } else {
          assertThat(cell).as(where).isEqualTo(String.valueOf(v));
        }
      }
    }
  }
}
