package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.JvmFlags;
import org.resnetspark.config.Settings;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.tables.TableSchema;
import org.resnetspark.testing.FashionShards;
import org.resnetspark.testing.PostgresServer;
import org.resnetspark.testing.SparkClusters;

/**
 * A run with a catalog password (a real PostgreSQL server) and an s3a secret: neither appears in
 * the run directory, the tables, the report or the output of the jobs, and a resumed run, given the
 * secrets again from the environment, still reaches the catalog.
 */
class SecretsIT {
  static final String S3_SECRET = "s3a-secret-9f1c2e";
  static final String S3_KEY = "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"";
  @TempDir static Path dir;
  static PostgresServer postgres;
  static Path work;
  static List<String> catalog;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    work = dir.resolve("work");
    catalog =
        List.of(
            "storage.work-dir=" + work,
            "storage.catalog.uri=" + postgres.createDatabase("resnet"),
            "storage.catalog.user=" + PostgresServer.USER,
            "spark.master=local[2]");
    Settings settings = ConfigLoader.load(null, withPassword());
    SparkSession spark = SparkSessions.create(settings, null);
    FashionShards.prepare(spark, settings.data().shards(), 16, 32);
  }

  @AfterAll
  static void stop() throws Exception {
    SparkSession.active().stop();
    postgres.close();
  }

  private static List<String> withPassword() {
    List<String> all = new ArrayList<>(catalog);
    all.add("storage.catalog.password=" + postgres.password());
    return all;
  }

  @Test
  void noSecretIsWrittenRecordedShownOrLoggedAndAResumeStillReachesTheCatalog() throws Exception {
    List<String> train = new ArrayList<>(withPassword());
    train.addAll(
        List.of(
            S3_KEY + "=" + S3_SECRET,
            "model.variant=resnet8",
            "train.workers=2",
            "train.batch-size-per-worker=16",
            "train.averaging-frequency=2",
            "train.epochs=1"));
    Job first = job(train, List.of(), Map.of());
    assertThat(first.exit).as(first.output).isZero();
    Path runDir;
    try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
      runDir = runs.findFirst().orElseThrow();
    }
    String runId = runDir.getFileName().toString();

    // Secrets are not saved, so a resume without them is refused, naming them.
    List<String> more = List.of("--resume", runDir.toString(), "--allow-config-change");
    Job refused = job(List.of("train.epochs=2"), more, Map.of());
    assertThat(refused.exit).as(refused.output).isEqualTo(2);
    assertThat(refused.output)
        .contains("Cannot resume " + runDir)
        .contains("storage.catalog.password")
        .contains(S3_KEY);

    Job resumed =
        job(
            List.of(
                "train.epochs=2",
                "storage.catalog.password-env=RESNET_CATALOG_PASSWORD",
                S3_KEY + "=" + S3_SECRET),
            more,
            Map.of("RESNET_CATALOG_PASSWORD", postgres.password()));
    assertThat(resumed.exit).as(resumed.output).isZero();

    Path report = dir.resolve("report");
    List<String> reportArgs =
        new ArrayList<>(List.of("report", "--run", runId, "--out", report.toString()));
    withPassword().forEach(s -> reportArgs.addAll(List.of("--set", s)));
    assertThat(Main.commandLine().execute(reportArgs.toArray(String[]::new))).isZero();

    SparkSession spark = SparkSession.active();
    assertThat(
            spark
                .sql("SELECT max(epoch) FROM resnet.epoch_metrics WHERE run_id = '" + runId + "'")
                .first()
                .getInt(0))
        .as("the resumed run recorded its second epoch in the catalog")
        .isEqualTo(2);
    String config =
        spark
            .sql("SELECT config FROM resnet.runs WHERE run_id = '" + runId + "'")
            .first()
            .getString(0);
    assertThat(config).contains("(redacted)").contains("password-env");

    List<String> secrets = List.of(postgres.password(), S3_SECRET);
    for (TableSchema table : TableSchema.values()) {
      for (Row row : spark.table(table.qualifiedName()).collectAsList()) {
        assertThat(row.toString()).as(table.qualifiedName()).doesNotContain(secrets);
      }
    }
    for (Path root : List.of(runDir, report)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          assertThat(text).as(f.toString()).doesNotContain(secrets);
        }
      }
    }
    assertThat(Files.readString(report.resolve("index.html"))).contains("(redacted)");
    for (Job j : List.of(first, refused, resumed)) {
      assertThat(j.output).doesNotContain(secrets);
    }
  }

  record Job(int exit, String output) {}

  /** {@code train} in a child JVM, so that everything it prints and logs can be read. */
  private static Job job(List<String> settings, List<String> options, Map<String, String> env)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(JvmFlags.all().split("\\s+")));
    command.addAll(List.of("-Xmx2g", "-cp", SparkClusters.projectClasspath()));
    command.addAll(List.of(Main.class.getName(), "train"));
    command.addAll(options);
    for (String s : settings) {
      command.addAll(List.of("--set", s));
    }
    Path log = Files.createTempFile(dir, "job", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(new File(System.getProperty("user.dir")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("train finished").isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Job(p.exitValue(), Files.readString(log));
  }
}
