package org.resnetspark.tables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.CatalogSettings;

/**
 * A job of its own (run by {@link SqliteConcurrencyIT} in a child JVM): opens the SQLite catalog in
 * {@code args[0]}, waits until the file {@code args[0]/go} exists so that every job writes at the
 * same time, then records {@code args[2]} epochs of run {@code args[1]}, one commit each.
 */
public final class RecordingJvm {
  private RecordingJvm() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String run = args[1];
    int epochs = Integer.parseInt(args[2]);
    CatalogSettings catalog =
        new CatalogSettings(
            "lake",
            "jdbc:sqlite:" + dir.resolve("catalog.db"),
            "",
            "",
            dir.resolve("wh").toString());
    IcebergCatalog.prepareLocalFiles(catalog);
    SparkSession.Builder b = SparkSession.builder().appName(run).master("local[1]");
    IcebergCatalog.jobProperties(catalog).forEach(b::config);
    SparkSession spark = b.config("spark.ui.enabled", "false").getOrCreate();
    Files.createFile(dir.resolve("ready-" + run));
    while (!Files.exists(dir.resolve("go"))) {
      Thread.sleep(50);
    }
    ResultTables tables = new ResultTables(spark);
    for (int epoch = 1; epoch <= epochs; epoch++) {
      tables.upsert(
          List.of(
              new EpochMetricRow(
                  run,
                  epoch,
                  (long) epoch * 10,
                  "val",
                  1.0 / epoch,
                  0.5,
                  0.9,
                  0.1,
                  null,
                  null,
                  Timestamp.from(Instant.now()),
                  null)));
    }
    spark.stop();
    System.out.println("recorded " + epochs + " epochs of " + run);
  }
}
