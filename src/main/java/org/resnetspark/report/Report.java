package org.resnetspark.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A run report from the result tables alone: {@code index.html} (self-contained) and every chart as
 * {@code charts/<name>.png} and {@code .svg} in the output folder.
 */
public final class Report {
  private Report() {}

  /** What was written. */
  public record Written(Path html, List<RunResults> runs, List<Charts.Figure> figures) {}

  /** The report of the first run, the others compared with it on the same charts. */
  public static Written write(SparkSession spark, List<String> runIds, Path out)
      throws IOException {
    // Charts are drawn off screen; no display is needed, or used when there is one.
    System.setProperty("java.awt.headless", "true");
    ResultReader reader = new ResultReader(spark);
    List<RunResults> runs = new ArrayList<>();
    for (String id : runIds) {
      runs.add(reader.read(id));
    }
    Path charts = Files.createDirectories(out.resolve("charts"));
    List<Charts.Figure> figures = Charts.all(runs);
    Map<String, byte[]> png = new LinkedHashMap<>();
    for (Charts.Figure f : figures) {
      png.put(f.name(), ChartFiles.write(f, charts));
    }
    Path html = out.resolve("index.html");
    Files.writeString(html, HtmlReport.render(runs, figures, png), StandardCharsets.UTF_8);
    return new Written(html, runs, figures);
  }
}
