package org.resnetspark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Settings;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes an HTML report with charts of one run, optionally compared with others. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a self-contained HTML report of a run from the result tables: training loss,"
          + " validation top-1 error, learning rate and images/s per epoch (one series per run),"
          + " recall per class, the confusion matrix, epoch metrics, checkpoints and configuration.",
      "Charts also go to <out>/charts as PNG and SVG."
    })
final class ReportCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The run.")
  String run;

  @Option(
      names = "--compare",
      paramLabel = "RUN_ID",
      description = "Another run to draw on the same charts (repeatable).")
  List<String> compare = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<String> runs = new ArrayList<>(List.of(run));
    for (String other : compare) {
      if (runs.contains(other)) {
        throw new ConfigException(
            "Invalid --compare: %s (already in the report; give each run once)", other);
      }
      runs.add(other);
    }
    Settings settings = options.settings();
    SparkSession spark = SparkSessions.create(settings, options.master);
    Report.Written written = Report.write(spark, runs, out);
    System.out.println(
        "report of "
            + String.join(", ", runs)
            + ": "
            + written.html()
            + " ("
            + written.figures().size()
            + " charts in "
            + out.resolve("charts")
            + ")");
    return 0;
  }
}
