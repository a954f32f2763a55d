package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo pipeline end to end on a tiny Fashion-MNIST input, checked by what it wrote. */
class DemoIT {
  @TempDir static Path work;
  static int exitCode;
  static String output;

  @BeforeAll
  static void runDemo() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      exitCode =
          Main.run(
              "demo",
              "--config",
              "conf/demo.conf",
              "--set",
              "storage.work-dir=" + work,
              "--set",
              "demo.train-per-class=16",
              "--set",
              "demo.val-per-class=4",
              "--set",
              "train.epochs=1",
              "--set",
              "train.batch-size-per-worker=16",
              "--set",
              "data.shard-size=16");
    } finally {
      System.setOut(original);
      output = captured.toString();
      System.out.print(output);
    }
  }

  @AfterAll
  static void stopSpark() {
    SparkSession.active().stop();
  }

  @Test
  void succeeds() {
    assertThat(exitCode).isZero();
    assertThat(output).contains("[5/5] written:").contains("epoch 1 done");
  }

  @Test
  void writesShardsAndAManifestWithEveryExample() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(work.resolve("shards/manifest.json").toFile());
    assertThat(manifest.at("/splits/train/examples").asLong()).isEqualTo(160);
    assertThat(manifest.at("/splits/val/examples").asLong()).isEqualTo(40);
    assertThat(manifest.at("/classes").size()).isEqualTo(10);
    try (var files = Files.walk(work.resolve("shards"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isPositive();
    }
  }

  @Test
  void writesACheckpoint() throws Exception {
    try (var files = Files.walk(work.resolve("runs"))) {
      List<Path> models =
          files.filter(p -> p.endsWith(Path.of("checkpoints/epoch-0001/model.zip"))).toList();
      assertThat(models).hasSize(1);
      assertThat(Files.size(models.get(0))).isGreaterThan(10_000);
    }
  }

  @Test
  void recordsValidationMetricsInTheTable() {
    List<Row> rows =
        SparkSession.active()
            .sql("SELECT epoch, loss, top1, top5 FROM resnet.epoch_metrics WHERE split = 'val'")
            .collectAsList();
    assertThat(rows).hasSize(1);
    Row row = rows.get(0);
    assertThat(row.getInt(0)).isEqualTo(1);
    assertThat(row.getDouble(1)).isFinite().isPositive();
    assertThat(row.getDouble(2)).isBetween(0.0, 1.0);
    assertThat(row.getDouble(3)).isGreaterThanOrEqualTo(row.getDouble(2));
    assertThat(output).contains("sql> SELECT run_id, epoch, split");
  }
}
