package org.resnetspark.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.resnetspark.testing.PostgresServer;

/** The result tables in an Iceberg JDBC catalog on a real PostgreSQL server, with a password. */
class PostgresCatalogIT {
  @TempDir static Path dir;
  static PostgresServer postgres;
  static SparkSession spark;
  static ResultTables tables;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    CatalogSettings catalog =
        new CatalogSettings(
            "lake",
            postgres.createDatabase("resnet"),
            PostgresServer.USER,
            postgres.password(),
            dir.resolve("wh").toString());
    SparkSession.Builder b =
        SparkSession.builder().appName(PostgresCatalogIT.class.getSimpleName()).master("local[2]");
    IcebergCatalog.sparkProperties(catalog).forEach(b::config);
    spark = b.config("spark.ui.enabled", "false").getOrCreate();
    tables = new ResultTables(spark);
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theCatalogLivesInPostgres() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = postgres.connect("resnet");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT table_name FROM iceberg_tables WHERE catalog_name = 'lake'"
                    + " AND table_namespace = 'resnet' ORDER BY table_name")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    assertThat(names)
        .containsExactly(
            "checkpoints",
            "class_metrics",
            "confusion",
            "epoch_metrics",
            "prediction_rejects",
            "predictions",
            "promotions",
            "runs");
  }

  @Test
  void concurrentWritersLoseNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      String run = "pg-" + w;
      done.add(
          pool.submit(
              () -> {
                for (int epoch = 1; epoch <= 2; epoch++) {
                  tables.upsert(metrics(run, epoch));
                }
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    List<Row> rows =
        spark
            .sql(
                "SELECT run_id, epoch, top1 FROM resnet.epoch_metrics WHERE run_id LIKE 'pg-%'"
                    + " ORDER BY run_id, epoch")
            .collectAsList();
    assertThat(rows)
        .extracting(Row::toString)
        .containsExactly("[pg-0,1,0.1]", "[pg-0,2,0.2]", "[pg-1,1,0.1]", "[pg-1,2,0.2]");
  }

  private static EpochMetricRow metrics(String run, int epoch) {
    return new EpochMetricRow(
        run,
        epoch,
        (long) epoch * 10,
        "val",
        1.0 / epoch,
        epoch / 10.0,
        0.9,
        0.1,
        null,
        null,
        Timestamp.from(Instant.now()),
        0.25);
  }
}
