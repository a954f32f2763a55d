package org.resnetspark.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.CatalogSettings;
import org.resnetspark.config.JvmFlags;
import org.resnetspark.testing.SparkClusters;

/** Four jobs in four JVMs write into one SQLite catalog at once; every row arrives. */
class SqliteConcurrencyIT {
  static final int JOBS = 4;
  static final int EPOCHS = 5;
  @TempDir Path dir;

  @Test
  void fourProcessesRecordingAtOnceAllSucceedAndLoseNothing() throws Exception {
    List<Process> jobs = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int j = 0; j < JOBS; j++) {
      Path log = dir.resolve("job-" + j + ".log");
      logs.add(log);
      jobs.add(start("run-" + j, log));
    }
    try {
      waitUntilReady();
      Files.createFile(dir.resolve("go"));
      for (int j = 0; j < JOBS; j++) {
        assertThat(jobs.get(j).waitFor(10, TimeUnit.MINUTES)).as("job %d finished", j).isTrue();
        String log = Files.readString(logs.get(j), StandardCharsets.UTF_8);
        assertThat(jobs.get(j).exitValue()).as(log).isZero();
        assertThat(log).contains("recorded " + EPOCHS + " epochs of run-" + j);
      }
    } finally {
      jobs.forEach(Process::destroyForcibly);
    }
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("catalog.db"));
        ResultSet mode = db.createStatement().executeQuery("PRAGMA journal_mode")) {
      assertThat(mode.next()).isTrue();
      assertThat(mode.getString(1)).isEqualTo("wal");
    }

    CatalogSettings catalog =
        new CatalogSettings(
            "lake",
            "jdbc:sqlite:" + dir.resolve("catalog.db"),
            "",
            "",
            dir.resolve("wh").toString());
    SparkSession.Builder b =
        SparkSession.builder()
            .appName(SqliteConcurrencyIT.class.getSimpleName())
            .master("local[1]");
    IcebergCatalog.jobProperties(catalog).forEach(b::config);
    SparkSession spark = b.config("spark.ui.enabled", "false").getOrCreate();
    try {
      List<Row> rows =
          spark
              .sql("SELECT run_id, epoch FROM resnet.epoch_metrics ORDER BY run_id, epoch")
              .collectAsList();
      List<String> expected = new ArrayList<>();
      for (int j = 0; j < JOBS; j++) {
        for (int e = 1; e <= EPOCHS; e++) {
          expected.add("run-" + j + " " + e);
        }
      }
      assertThat(rows)
          .extracting(r -> r.getString(0) + " " + r.getInt(1))
          .containsExactlyElementsOf(expected);
    } finally {
      spark.stop();
    }
  }

  /** Every job has its Spark session before any writes, so their commits overlap. */
  private void waitUntilReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    for (int j = 0; j < JOBS; j++) {
      while (!Files.exists(dir.resolve("ready-run-" + j))) {
        assertThat(System.nanoTime()).as("job %d ready within 5 minutes", j).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  private Process start(String run, Path log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(JvmFlags.all().split("\\s+")));
    String classpath =
        Path.of("target/test-classes").toAbsolutePath()
            + File.pathSeparator
            + SparkClusters.projectClasspath();
    command.addAll(List.of("-Xmx768m", "-cp", classpath, RecordingJvm.class.getName()));
    command.addAll(List.of(dir.toString(), run, String.valueOf(EPOCHS)));
    return new ProcessBuilder(command)
        .directory(new File(System.getProperty("user.dir")))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
