package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointKind;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.JvmFlags;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.testing.FashionShards;
import org.resnetspark.testing.SparkClusters;
import org.resnetspark.testing.TwinRuns;

/**
 * The driver of a training run (a separate JVM running {@code train} on local[2], ten averaging
 * rounds an epoch, a round checkpoint after every third) is killed with SIGKILL right after round 3
 * of epoch 2; {@code train --resume} then continues the same run inside epoch 2 from that round
 * checkpoint and finishes it with the model of its undisturbed twin (the same settings trained
 * straight through): parameters and momentum within 1e-4, epoch-2 metrics within 0.5%.
 */
class DriverKillIT {
  @TempDir static Path work;
  static SparkSession spark;
  static List<String> settings;

  @BeforeAll
  static void prepare() {
    settings =
        List.of(
            "storage.work-dir=" + work,
            "spark.master=local[2]",
            "model.variant=resnet8",
            "train.workers=2",
            "train.batch-size-per-worker=8",
            "train.averaging-frequency=1",
            "train.augmentation=none",
            "train.epochs=2",
            "checkpoint.every-rounds=3");
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings);
    spark = SparkSessions.create(config.settings(), null);
    FashionShards.prepare(spark, config.settings().data().shards(), 16, 8);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void resumeContinuesInsideTheEpochAndEndsWithTheUndisturbedModel() throws Exception {
    Checkpoint twin = TwinRuns.straight(spark, settings, work.resolve("twin").toString());

    Process driver = startTrain();
    List<String> output = new CopyOnWriteArrayList<>();
    CompletableFuture<Boolean> roundThreeDone =
        CompletableFuture.supplyAsync(() -> killAt(driver, output, "epoch 2/2  round 3/10"));
    boolean reached = roundThreeDone.get(5, TimeUnit.MINUTES);
    assertThat(reached)
        .as("round 3 of epoch 2 done; output:%n%s", String.join("\n", output))
        .isTrue();
    assertThat(driver.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(driver.exitValue()).isEqualTo(137);

    String runDir = onlyRun();
    CheckpointStore store = CheckpointStore.open(runDir, new Configuration());
    Checkpoint left = store.latest().orElseThrow();
    assertThat(left.state().kind())
        .as(
            "latest %s of %s; output:%n%s",
            left.path(),
            store.list().stream().map(Checkpoint::path).toList(),
            String.join("\n", output))
        .isEqualTo(CheckpointKind.ROUND);
    assertThat(left.state().epoch()).isEqualTo(2);
    assertThat(left.state().position().round()).isEqualTo(3);
    assertThat(left.state().globalStep()).isEqualTo(13);
    assertThat(left.path()).endsWith("checkpoints/step-00000013");

    int exit = Main.commandLine().execute("train", "--resume", runDir);

    assertThat(exit).isZero();
    Checkpoint last = store.latest().orElseThrow();
    assertThat(last.state().kind()).isEqualTo(CheckpointKind.EPOCH);
    assertThat(last.state().epoch()).isEqualTo(2);
    assertThat(last.state().runId()).isEqualTo(left.state().runId());
    assertThat(store.verify(last)).isTrue();
    // Rounds 1 to 3 of epoch 2 were not trained again: the step count is the straight run's.
    // (The round checkpoint itself is gone by then: the resumed epoch's later round checkpoints
    // pushed it out of checkpoint.keep-last-rounds.)
    assertThat(last.state().globalStep()).isEqualTo(twin.state().globalStep());
    assertThat(store.list())
        .extracting(Checkpoint::path)
        .noneMatch(p -> p.endsWith("step-00000013"));
    Configuration conf = new Configuration();
    TwinRuns.assertSameModel(twin, last, 1e-4, conf);
    assertThat(last.state().metrics().get("top1"))
        .isCloseTo(twin.state().metrics().get("top1"), within(0.005));
    assertThat(last.state().metrics().get("loss"))
        .isCloseTo(twin.state().metrics().get("loss"), withinPercentage(0.5));
    String runId = left.state().runId();
    List<Row> rows =
        spark
            .sql(
                "SELECT epoch, split, loss FROM resnet.epoch_metrics WHERE run_id IN ('"
                    + runId
                    + "', '"
                    + twin.state().runId()
                    + "') AND epoch = 2 ORDER BY split, run_id = '"
                    + runId
                    + "'")
            .collectAsList();
    assertThat(rows)
        .extracting(r -> r.getInt(0) + " " + r.getString(1))
        .containsExactly("2 train", "2 train", "2 val", "2 val");
    // The epoch's training loss covers all five rounds, those before the kill included.
    assertThat(rows.get(1).getDouble(2)).isCloseTo(rows.get(0).getDouble(2), withinPercentage(0.5));
    assertThat(rows.get(3).getDouble(2)).isCloseTo(rows.get(2).getDouble(2), withinPercentage(0.5));
    assertThat(
            spark
                .sql(
                    "SELECT kind, count(*) FROM resnet.checkpoints WHERE run_id = '"
                        + runId
                        + "' GROUP BY kind ORDER BY kind")
                .collectAsList())
        .extracting(r -> r.getString(0) + " " + r.getLong(1))
        .containsExactly("epoch 2", "round 6");
    assertThat(
            spark
                .sql("SELECT status FROM resnet.runs WHERE run_id = '" + runId + "'")
                .first()
                .getString(0))
        .isEqualTo("finished");
  }

  /** {@code train} in a child JVM: the project classpath and the flags of conf/jvm.properties. */
  private static Process startTrain() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(JvmFlags.all().split("\\s+")));
    command.addAll(List.of("-Xmx2g", "-cp", SparkClusters.projectClasspath()));
    command.addAll(List.of(Main.class.getName(), "train"));
    for (String s : settings) {
      command.addAll(List.of("--set", s));
    }
    return new ProcessBuilder(command)
        .directory(new File(System.getProperty("user.dir")))
        .redirectErrorStream(true)
        .start();
  }

  /**
   * Kills the driver with SIGKILL (no shutdown hooks, nothing flushed) as soon as it prints a line
   * starting with {@code prefix}, from the thread that reads it, so that the driver gets as little
   * further as possible; true if it did.
   */
  private static boolean killAt(Process driver, List<String> output, String prefix) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(line);
        if (line.startsWith(prefix)) {
          driver.destroyForcibly();
          return true;
        }
      }
      return false;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static String onlyRun() throws Exception {
    try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
      List<Path> all = runs.toList();
      assertThat(all).hasSize(1);
      return all.get(0).toString();
    }
  }
}
