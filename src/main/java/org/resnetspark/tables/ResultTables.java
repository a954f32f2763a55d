package org.resnetspark.tables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.resnetspark.data.Manifest;
import org.resnetspark.eval.EvalResult;

/**
 * Writes result rows into the Iceberg tables. Every write is one MERGE on the row's key, so it is
 * atomic (one Iceberg commit), idempotent (re-recording an epoch replaces its row) and safe beside
 * other writers (a commit that lost a race, or met a busy SQLite catalog, is retried).
 */
public final class ResultTables {
  /** The snapshot property that tags one commit, so its own summary can be found. */
  private static final String COMMIT_ID = "resnet-spark.commit-id";

  private static final String UPSERT =
      " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *";
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
    TableSchema table = tableOf(rows);
    merge(table, spark.createDataFrame(RowValues.of(rows), table.schema()), UPSERT);
  }

  /**
   * Inserts the rows whose key the table does not hold yet and leaves the rows it holds as they
   * are; the rows are built where they are, on the executors, and never gathered on the driver.
   * Rows with the same key among them go in once. Returns how many rows were inserted.
   */
  public <T extends TableRow> long insertNew(TableSchema table, JavaRDD<T> rows) {
    return insertNew(table, table.qualifiedName(), rows);
  }

  /** As {@link #insertNew(TableSchema, JavaRDD)}, into a table of that schema named otherwise. */
  public <T extends TableRow> long insertNew(
      TableSchema table, String qualifiedName, JavaRDD<T> rows) {
    if (!qualifiedName.equals(table.qualifiedName())) {
      CommitRetry.run(
          () -> spark.sql(table.createStatement(qualifiedName)), CommitRetry.CONCURRENT_CREATE);
    }
    // Rows of one key go in once. Deduplicated before they become a DataFrame: an aggregate under
    // the MERGE's anti join makes Spark's optimizer ask the Iceberg relation for statistics before
    // its scan is planned, which it refuses with spark.testing set.
    int[] key = table.key().stream().mapToInt(table.schema()::fieldIndex).toArray();
    JavaRDD<Row> unique =
        rows.map(RowValues::of)
            .keyBy(row -> keyOf(row, key))
            .reduceByKey((first, second) -> first)
            .values();
    Dataset<Row> incoming = spark.createDataFrame(unique, table.schema());
    // The count comes from the commit's own snapshot summary, found by a property the commit
    // carries: exact beside concurrent writers, and no scan of the table before and after.
    String commit = UUID.randomUUID().toString();
    withCommitProperty(
        commit, () -> merge(table, qualifiedName, incoming, " WHEN NOT MATCHED THEN INSERT *"));
    return addedRecords(qualifiedName, commit);
  }

  private static void withCommitProperty(String commit, Runnable write) {
    CommitMetadata.withCommitProperties(
        Map.of(COMMIT_ID, commit),
        () -> {
          write.run();
          return null;
        },
        RuntimeException.class);
  }

  /** Rows the commit tagged {@code commit} added; 0 when it wrote no snapshot. */
  private long addedRecords(String qualifiedName, String commit) {
    spark.catalog().refreshTable(qualifiedName);
    List<Row> added =
        spark
            .sql(
                "SELECT summary['added-records'] FROM "
                    + qualifiedName
                    + ".snapshots WHERE summary['"
                    + COMMIT_ID
                    + "'] = '"
                    + commit
                    + "'")
            .collectAsList();
    return added.stream()
        .map(row -> row.isNullAt(0) ? 0L : Long.parseLong(row.getString(0)))
        .mapToLong(Long::longValue)
        .sum();
  }

  private static List<Object> keyOf(Row row, int[] key) {
    List<Object> values = new java.util.ArrayList<>(key.length);
    for (int i : key) {
      values.add(row.get(i));
    }
    return values;
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
    merge(
        table,
        spark.createDataFrame(RowValues.of(rows), table.schema()),
        UPSERT + " WHEN NOT MATCHED BY SOURCE AND " + inSlice + " THEN DELETE");
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

  private void merge(TableSchema table, Dataset<Row> rows, String clauses) {
    merge(table, table.qualifiedName(), rows, clauses);
  }

  private void merge(TableSchema table, String qualifiedName, Dataset<Row> rows, String clauses) {
    String view = "incoming_" + table.tableName() + "_" + Long.toHexString(System.nanoTime());
    rows.createOrReplaceTempView(view);
    String merge =
        "MERGE INTO "
            + qualifiedName
            + " t USING "
            + view
            + " s ON "
            + table.keyCondition("t", "s")
            + clauses;
    try {
      // On a conflict the statement re-reads the table on the next try.
      CommitRetry.run(() -> spark.sql(merge), CommitRetry.CONCURRENT_WRITE);
    } finally {
      spark.catalog().dropTempView(view);
    }
  }
}
