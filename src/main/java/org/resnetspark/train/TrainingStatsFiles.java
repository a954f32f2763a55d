package org.resnetspark.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.stats.EventStats;
import org.deeplearning4j.spark.stats.StatsUtils;
import org.resnetspark.files.AtomicFile;

/**
 * Saves DL4J's training timings with the run: {@code training-stats.json}, one summary per timed
 * event (count, total, mean and longest duration in ms; driver events such as broadcast, fit and
 * aggregation, and the workers' own), and {@code training-stats.html}, DL4J's timeline and charts.
 */
public final class TrainingStatsFiles {
  public static final String JSON = "training-stats.json";
  public static final String HTML = "training-stats.html";

  private TrainingStatsFiles() {}

  public static void write(SparkTrainingStats stats, String runDir, JavaSparkContext sc)
      throws IOException {
    Path json = new Path(runDir, JSON);
    FileSystem fs = json.getFileSystem(sc.hadoopConfiguration());
    byte[] summary =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsBytes(Map.of("events", summary(stats)));
    AtomicFile.replace(fs, json, out -> out.write(summary));
    try {
      StatsUtils.exportStatsAsHtml(stats, new Path(runDir, HTML).toString(), sc);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Could not write " + HTML + " in " + runDir, e);
    }
  }

  /** Event name -> count, totalMs, meanMs, maxMs; events that never happened are left out. */
  public static Map<String, Map<String, Number>> summary(SparkTrainingStats stats) {
    Map<String, Map<String, Number>> events = new LinkedHashMap<>();
    for (String key : stats.getKeySet()) {
      List<EventStats> list = stats.getValue(key);
      if (list == null || list.isEmpty()) {
        continue;
      }
      long total = 0;
      long max = 0;
      for (EventStats e : list) {
        total += e.getDurationMs();
        max = Math.max(max, e.getDurationMs());
      }
      Map<String, Number> row = new LinkedHashMap<>();
      row.put("count", list.size());
      row.put("totalMs", total);
      row.put("meanMs", (double) total / list.size());
      row.put("maxMs", max);
      events.put(key, row);
    }
    return events;
  }
}
