package org.resnetspark.tables;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Writes result rows into the Iceberg tables. Every write is one MERGE on the row's key, so it is
 * atomic (one Iceberg commit), idempotent (re-recording an epoch replaces its row) and safe beside
 * other writers (Iceberg retries a commit that lost a race).
 */
public final class ResultTables {
  private static final int MAX_ATTEMPTS = 20;
  private final SparkSession spark;

  public ResultTables(SparkSession spark) {
    this.spark = spark;
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + IcebergCatalog.NAMESPACE);
    for (TableSchema t : TableSchema.values()) {
      spark.sql(t.createStatement());
    }
  }

  public void upsert(TableSchema table, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
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
            + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *";
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          spark.sql(merge);
          return;
        } catch (ValidationException | CommitFailedException e) {
          // Another job committed first; the statement re-reads the table on the next try.
          if (attempt == MAX_ATTEMPTS) {
            throw e;
          }
          sleep(attempt);
        }
      }
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  private static void sleep(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(50, 200) * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while retrying a table commit", e);
    }
  }
}
