package org.resnetspark.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.CatalogSettings;

/**
 * A catalog written by the release before the {@code penalty} column: its {@code epoch_metrics}
 * table, created here with the old columns and holding a row, is opened by the current code. The
 * table gains the column by Iceberg schema evolution and keeps its row; new rows carry the column.
 */
class SchemaEvolutionIT {
  static final String OLD_EPOCH_METRICS =
      "CREATE TABLE resnet.epoch_metrics (`run_id` STRING, `epoch` INT, `global_step` BIGINT,"
          + " `split` STRING, `loss` DOUBLE, `top1` DOUBLE, `top5` DOUBLE, `lr` DOUBLE,"
          + " `images_per_sec` DOUBLE, `duration_s` DOUBLE, `recorded_at` TIMESTAMP) USING"
          + " iceberg TBLPROPERTIES ('format-version'='2', 'write.merge.mode'='merge-on-read',"
          + " 'write.merge.isolation-level'='snapshot')";
  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    CatalogSettings catalog =
        new CatalogSettings(
            "lake",
            "jdbc:sqlite:" + dir.resolve("catalog.db"),
            "",
            "",
            dir.resolve("wh").toString());
    IcebergCatalog.prepareLocalFiles(catalog);
    SparkSession.Builder b =
        SparkSession.builder().appName(SchemaEvolutionIT.class.getSimpleName()).master("local[2]");
    IcebergCatalog.sparkProperties(catalog).forEach(b::config);
    spark = b.config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void anOldTableGainsTheNewColumnsAndKeepsItsRows() {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS resnet");
    spark.sql(OLD_EPOCH_METRICS);
    spark.sql(
        "INSERT INTO resnet.epoch_metrics VALUES ('old-run', 1, 10, 'val', 12.5, 0.4, 0.8, 0.1,"
            + " NULL, NULL, TIMESTAMP '2026-01-01 00:00:00')");

    ResultTables tables = new ResultTables(spark);
    tables.upsert(
        List.of(
            new EpochMetricRow(
                "new-run", 1, 10L, "val", 2.1, 0.5, 0.9, 0.1, null, null, now(), 10.4)));
    new ResultTables(spark); // opening an up-to-date catalog again changes nothing

    assertThat(spark.table("resnet.epoch_metrics").schema().fieldNames())
        .containsExactly(TableSchema.EPOCH_METRICS.schema().fieldNames());
    List<Row> rows =
        spark
            .sql("SELECT run_id, loss, penalty FROM resnet.epoch_metrics ORDER BY run_id")
            .collectAsList();
    assertThat(rows)
        .extracting(Row::toString)
        .containsExactly("[new-run,2.1,10.4]", "[old-run,12.5,null]");
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }
}
