package org.resnetspark.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.CatalogSettings;

/** Real Iceberg tables in a SQLite-backed JDBC catalog on the local file system. */
class ResultTablesIT {
  @TempDir static Path dir;
  static SparkSession spark;
  static ResultTables tables;

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
        SparkSession.builder().appName(ResultTablesIT.class.getSimpleName()).master("local[2]");
    IcebergCatalog.sparkProperties(catalog).forEach(b::config);
    spark = b.config("spark.ui.enabled", "false").getOrCreate();
    tables = new ResultTables(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void reRecordingAnEpochReplacesItsRow() {
    tables.upsert(metrics("run-a", 1, 2.0));
    tables.upsert(metrics("run-a", 1, 1.5));
    tables.upsert(metrics("run-a", 2, 1.0));

    List<Row> rows =
        spark
            .sql(
                "SELECT epoch, loss FROM resnet.epoch_metrics WHERE run_id = 'run-a' ORDER BY epoch")
            .collectAsList();
    assertThat(rows).extracting(r -> r.getInt(0)).containsExactly(1, 2);
    assertThat(rows).extracting(r -> r.getDouble(1)).containsExactly(1.5, 1.0);
  }

  @Test
  void concurrentWritersLoseNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      String run = "concurrent-" + w;
      done.add(
          pool.submit(
              () -> {
                for (int epoch = 1; epoch <= 4; epoch++) {
                  tables.upsert(metrics(run, epoch, epoch));
                }
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    long count =
        spark.sql("SELECT * FROM resnet.epoch_metrics WHERE run_id LIKE 'concurrent-%'").count();
    assertThat(count).isEqualTo(12);
  }

  private static EpochMetricRow metrics(String run, int epoch, double loss) {
    return new EpochMetricRow(
        run,
        epoch,
        (long) epoch * 10,
        "val",
        loss,
        0.5,
        0.9,
        0.1,
        null,
        null,
        Timestamp.from(Instant.now()),
        0.25);
  }

  @Test
  void reRecordingAConfusionMatrixLeavesNoStaleCells() {
    tables.replaceSlice(
        TableSchema.CONFUSION, slice("run-c", 1), List.of(cell(1, 0, 0, 3), cell(1, 0, 1, 1)));
    tables.replaceSlice(TableSchema.CONFUSION, slice("run-c", 2), List.of(cell(2, 1, 1, 2)));
    tables.replaceSlice(TableSchema.CONFUSION, slice("run-c", 1), List.of(cell(1, 0, 0, 4)));

    List<Row> rows =
        spark
            .sql(
                "SELECT epoch, actual_class, predicted_class, count FROM resnet.confusion"
                    + " WHERE run_id = 'run-c' ORDER BY epoch, actual_class, predicted_class")
            .collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[1,0,0,4]", "[2,1,1,2]");
  }

  private static Map<String, Object> slice(String run, int epoch) {
    Map<String, Object> slice = new LinkedHashMap<>();
    slice.put("run_id", run);
    slice.put("epoch", epoch);
    slice.put("split", "val");
    return slice;
  }

  private static ConfusionRow cell(int epoch, int actual, int predicted, long count) {
    return new ConfusionRow("run-c", epoch, "val", actual, predicted, count);
  }
}
