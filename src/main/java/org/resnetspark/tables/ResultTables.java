package org.resnetspark.tables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.resnetspark.data.Manifest;
import org.resnetspark.eval.EvalResult;

/**
 * Writes result rows into the Iceberg tables. Every write is one MERGE on the row's key, so it is
 * atomic (one Iceberg commit), idempotent (re-recording an epoch replaces its row) and safe beside
 * other writers (a commit that lost a race, or met a busy SQLite catalog, is retried).
 */
public final class ResultTables {
  private final SparkSession spark;

  public ResultTables(SparkSession spark) {
    this.spark = spark;
    CommitRetry.run(
        () -> spark.sql("CREATE NAMESPACE IF NOT EXISTS " + IcebergCatalog.NAMESPACE),
        CommitRetry.CONCURRENT_CREATE);
    for (TableSchema t : TableSchema.values()) {
      CommitRetry.run(() -> spark.sql(t.createStatement()), CommitRetry.CONCURRENT_CREATE);
      addMissingColumns(t);
    }
  }

  /**
   * Iceberg schema evolution: a table written by an older release gains the columns added since
   * (NULL in its old rows), and keeps every row. Adding a column that another job added first
   * fails; the columns are read again and the rest added.
   */
  private void addMissingColumns(TableSchema table) {
    CommitRetry.run(
        () -> {
          spark.catalog().refreshTable(table.qualifiedName());
          List<StructField> missing =
              table.missingFrom(spark.table(table.qualifiedName()).schema());
          if (missing.isEmpty()) {
            return;
          }
          String columns =
              missing.stream()
                  .map(f -> "`" + f.name() + "` " + f.dataType().sql())
                  .collect(Collectors.joining(", "));
          spark.sql("ALTER TABLE " + table.qualifiedName() + " ADD COLUMNS (" + columns + ")");
          spark.catalog().refreshTable(table.qualifiedName());
        },
        CommitRetry.CONCURRENT_CREATE.or(
            e -> String.valueOf(e.getMessage()).contains("already exists")));
  }

  /** Inserts the row, replacing the one with the same key. */
  public void upsert(TableRow row) {
    upsert(List.of(row));
  }

  /** Inserts the rows (all of one table), replacing those with the same key. */
  public void upsert(List<? extends TableRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    merge(tableOf(rows), RowValues.of(rows), "");
  }

  /**
   * Makes the rows the whole content of one slice of the table (the rows whose columns equal the
   * slice's values, e.g. one run, epoch and split): rows with the same key are replaced, new ones
   * inserted, and rows of the slice that are not among them deleted, all in one commit. So
   * re-recording a sparse result (the non-zero cells of a confusion matrix) leaves no stale rows.
   */
  public void replaceSlice(
      TableSchema table, Map<String, Object> slice, List<? extends TableRow> rows) {
    if (slice.isEmpty()) {
      throw new IllegalArgumentException("A slice of " + table.tableName() + " needs a column");
    }
    String inSlice =
        slice.entrySet().stream()
            .map(e -> "t.`" + e.getKey() + "` = " + functions.lit(e.getValue()).expr().sql())
            .collect(Collectors.joining(" AND "));
    for (TableRow row : rows) {
      if (row.table() != table) {
        throw new IllegalArgumentException(
            "A row of " + row.table().tableName() + " in a slice of " + table.tableName());
      }
    }
    merge(table, RowValues.of(rows), " WHEN NOT MATCHED BY SOURCE AND " + inSlice + " THEN DELETE");
  }

  /** Records one evaluation: per-class metrics and the non-zero cells of the confusion matrix. */
  public void recordEvaluation(
      String runId, int epoch, String split, EvalResult result, List<Manifest.ClassEntry> classes) {
    upsert(EvaluationRows.classMetrics(runId, epoch, split, result, classes));
    Map<String, Object> slice = new LinkedHashMap<>();
    slice.put("run_id", runId);
    slice.put("epoch", epoch);
    slice.put("split", split);
    replaceSlice(
        TableSchema.CONFUSION, slice, EvaluationRows.confusion(runId, epoch, split, result));
  }

  private static TableSchema tableOf(List<? extends TableRow> rows) {
    TableSchema table = rows.get(0).table();
    for (TableRow row : rows) {
      if (row.table() != table) {
        throw new IllegalArgumentException(
            "Rows of " + table.tableName() + " and " + row.table().tableName() + " in one write");
      }
    }
    return table;
  }

  private void merge(TableSchema table, List<Row> rows, String whenNotMatchedBySource) {
    StructType schema = table.schema();
    String view = "incoming_" + table.tableName() + "_" + Long.toHexString(System.nanoTime());
    spark.createDataFrame(rows, schema).createOrReplaceTempView(view);
    String merge =
        "MERGE INTO "
            + table.qualifiedName()
            + " t USING "
            + view
            + " s ON "
            + table.keyCondition("t", "s")
            + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
            + whenNotMatchedBySource;
    try {
      // On a conflict the statement re-reads the table on the next try.
      CommitRetry.run(() -> spark.sql(merge), CommitRetry.CONCURRENT_WRITE);
    } finally {
      spark.catalog().dropTempView(view);
    }
  }
}
