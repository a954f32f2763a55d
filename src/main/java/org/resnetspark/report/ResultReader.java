package org.resnetspark.report;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.resnetspark.config.ConfigException;
import org.resnetspark.tables.TableSchema;

/** Reads one run's rows from the result tables through Spark SQL. */
public final class ResultReader {
  static final String LIST_RUNS =
      "resnet-spark sql \"SELECT run_id, model, status, started_at FROM resnet.runs"
          + " ORDER BY started_at\"";
  private final SparkSession spark;

  public ResultReader(SparkSession spark) {
    this.spark = spark;
  }

  /** The run's rows; a run id that {@code runs} does not hold is a {@link ConfigException}. */
  public RunResults read(String runId) {
    String where = " WHERE run_id = " + functions.lit(runId).expr().sql();
    List<RunResults.Run> runs = select(TableSchema.RUNS, "*", where, ResultReader::run);
    if (runs.isEmpty()) {
      throw new ConfigException("Unknown run id: %s (list the runs with: %s)", runId, LIST_RUNS);
    }
    List<RunResults.Epoch> epochs =
        select(
            TableSchema.EPOCH_METRICS, "*", where + " ORDER BY epoch, split", ResultReader::epoch);
    List<RunResults.Saved> saved =
        select(
            TableSchema.CHECKPOINTS,
            "*",
            where + " ORDER BY epoch, global_step",
            ResultReader::saved);
    return new RunResults(runs.get(0), epochs, saved, latestEvaluation(where));
  }

  /** The class metrics and confusion cells of the latest epoch that has them (val first). */
  private RunResults.Evaluation latestEvaluation(String where) {
    List<Row> latest =
        query(
            "SELECT epoch, split FROM "
                + TableSchema.CLASS_METRICS.qualifiedName()
                + where
                + " GROUP BY epoch, split ORDER BY epoch DESC, split = 'val' DESC, split LIMIT 1");
    if (latest.isEmpty()) {
      return new RunResults.Evaluation(0, "", List.of(), List.of());
    }
    int epoch = latest.get(0).getInt(0);
    String split = latest.get(0).getString(1);
    String slice =
        where + " AND epoch = " + epoch + " AND split = " + functions.lit(split).expr().sql();
    return new RunResults.Evaluation(
        epoch,
        split,
        select(
            TableSchema.CLASS_METRICS,
            "*",
            slice + " ORDER BY class_index",
            ResultReader::classRow),
        select(
            TableSchema.CONFUSION,
            "actual_class, predicted_class, count",
            slice + " ORDER BY actual_class, predicted_class",
            r -> new RunResults.Cell(r.getInt(0), r.getInt(1), r.getLong(2))));
  }

  private <T> List<T> select(
      TableSchema table, String columns, String rest, Function<Row, T> mapper) {
    return query("SELECT " + columns + " FROM " + table.qualifiedName() + rest).stream()
        .map(mapper)
        .toList();
  }

  private List<Row> query(String sql) {
    try {
      return spark.sql(sql).collectAsList();
    } catch (Exception e) {
      if (e instanceof AnalysisException a
          && a.getSimpleMessage().contains("TABLE_OR_VIEW_NOT_FOUND")) {
        throw new ConfigException(
            "No result tables in this catalog (%s); train a run first, or point --config or"
                + " --set storage.work-dir / storage.catalog.uri at the catalog that holds them",
            a.getSimpleMessage());
      }
      throw e;
    }
  }

  private static RunResults.Run run(Row r) {
    return new RunResults.Run(
        r.getAs("run_id"),
        r.getAs("parent_run_id"),
        r.getAs("model"),
        r.getAs("dataset"),
        r.getAs("config"),
        r.getAs("status"),
        r.getAs("started_at"),
        r.getAs("finished_at"),
        r.getAs("workers"),
        added(r, "trainable_params"));
  }

  /** A column added in a later release: NULL in a table that has not gained it yet. */
  private static <T> T added(Row r, String column) {
    return Arrays.asList(r.schema().fieldNames()).contains(column) ? r.getAs(column) : null;
  }

  private static RunResults.Epoch epoch(Row r) {
    return new RunResults.Epoch(
        r.<Integer>getAs("epoch"),
        r.<Long>getAs("global_step"),
        r.getAs("split"),
        r.getAs("loss"),
        r.getAs("top1"),
        r.getAs("top5"),
        r.getAs("lr"),
        r.getAs("images_per_sec"),
        r.getAs("duration_s"),
        added(r, "penalty"));
  }

  private static RunResults.Saved saved(Row r) {
    Boolean best = r.getAs("is_best");
    Long size = r.getAs("size_bytes");
    return new RunResults.Saved(
        r.<Integer>getAs("epoch"),
        r.<Long>getAs("global_step"),
        r.getAs("path"),
        r.getAs("checksum"),
        size == null ? 0 : size,
        Boolean.TRUE.equals(best));
  }

  private static RunResults.ClassRow classRow(Row r) {
    Long support = r.getAs("support");
    return new RunResults.ClassRow(
        r.<Integer>getAs("class_index"),
        r.getAs("class_id"),
        r.getAs("class_name"),
        r.getAs("precision"),
        r.getAs("recall"),
        r.getAs("f1"),
        support == null ? 0 : support);
  }
}
