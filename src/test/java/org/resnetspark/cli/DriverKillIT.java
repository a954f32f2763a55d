package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.JvmFlags;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.testing.FashionShards;
import org.resnetspark.testing.SparkClusters;

/**
 * The driver of a training run (a separate JVM running {@code train} on local[2]) is killed with
 * SIGKILL in the middle of epoch 2; {@code train --resume} then continues the same run from the
 * epoch 1 checkpoint and finishes it.
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
            "train.batch-size-per-worker=16",
            "train.averaging-frequency=2",
            "train.augmentation=none",
            "train.epochs=2");
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings);
    spark = SparkSessions.create(config.settings(), null);
    FashionShards.prepare(spark, config.settings().data().shards(), 16, 16);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void resumeFinishesARunWhoseDriverWasKilledMidEpoch() throws Exception {
    Process driver = startTrain();
    List<String> output = new CopyOnWriteArrayList<>();
    CompletableFuture<Boolean> epochTwoStarted =
        CompletableFuture.supplyAsync(() -> readUntilEpochTwo(driver, output));
    boolean started = epochTwoStarted.get(5, TimeUnit.MINUTES);
    assertThat(started).as("epoch 2 started; output:%n%s", String.join("\n", output)).isTrue();
    driver.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing flushed
    assertThat(driver.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(driver.exitValue()).isEqualTo(137);

    String runDir = onlyRun();
    CheckpointStore store = CheckpointStore.open(runDir, new Configuration());
    Checkpoint left = store.latest().orElseThrow();
    assertThat(left.state().epoch()).isEqualTo(1);

    int exit = Main.commandLine().execute("train", "--resume", runDir);

    assertThat(exit).isZero();
    Checkpoint last = store.latest().orElseThrow();
    assertThat(last.state().epoch()).isEqualTo(2);
    assertThat(last.state().runId()).isEqualTo(left.state().runId());
    assertThat(store.verify(last)).isTrue();
    assertThat(store.list().get(0).state().createdAt()).isEqualTo(left.state().createdAt());
    String runId = left.state().runId();
    List<Row> rows =
        spark
            .sql(
                "SELECT epoch, split FROM resnet.epoch_metrics WHERE run_id = '"
                    + runId
                    + "' ORDER BY epoch, split")
            .collectAsList();
    assertThat(rows)
        .extracting(r -> r.getInt(0) + " " + r.getString(1))
        .containsExactly("1 train", "1 val", "2 train", "2 val");
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

  /** True once the driver reports the first round of epoch 2 (epoch 1 is checkpointed by then). */
  private static boolean readUntilEpochTwo(Process driver, List<String> output) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(line);
        if (line.startsWith("epoch 2/2  round 1/")) {
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
