package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.job.RunStart;
import org.resnetspark.job.TrainJob;
import org.resnetspark.progress.Progress;
import org.resnetspark.tables.IcebergCatalog;
import org.resnetspark.testing.FashionShards;
import org.resnetspark.testing.SparkClusters;
import org.resnetspark.testing.TwinRuns;

/**
 * An executor JVM of a real standalone cluster is killed (SIGKILL) while it fits its share of an
 * averaging round. Spark runs the lost task again from the same broadcast parameters, the
 * standalone worker starts a new executor, and the run finishes with valid results and the model of
 * its undisturbed twin (the same run on the same cluster without the kill).
 */
class ExecutorLossIT {
  @TempDir static Path work;
  static SparkSession spark;
  static List<String> settings;
  static ResolvedConfig config;
  static final ExecutorKiller killer = new ExecutorKiller();

  @BeforeAll
  static void start() {
    settings =
        List.of(
            "storage.work-dir=" + work,
            "model.variant=resnet8",
            "train.workers=2",
            "train.batch-size-per-worker=16",
            "train.averaging-frequency=2",
            "train.augmentation=none",
            "train.epochs=2");
    config = ConfigLoader.loadWithJson(null, settings);
    SparkSession.Builder b = SparkClusters.standalone(ExecutorLossIT.class, 2, 2048);
    IcebergCatalog.prepareLocalFiles(config.settings().storage().catalog());
    IcebergCatalog.sparkProperties(config.settings().storage().catalog()).forEach(b::config);
    spark = b.getOrCreate();
    FashionShards.prepare(spark, config.settings().data().shards(), 16, 16);
    killer.appId = spark.sparkContext().applicationId();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aKilledExecutorCostsOnlyItsTaskAndTheRunEndsWithTheUndisturbedModel() throws Exception {
    Checkpoint twin = TwinRuns.straight(spark, settings, work.resolve("twin").toString());
    spark.sparkContext().addSparkListener(killer);
    TrainJob.Outcome outcome =
        TrainJob.run(
            spark,
            config.settings(),
            config.json(),
            RunStart.fresh(config.settings()),
            new Progress(new PrintStream(System.out, true)));

    assertThat(killer.killed.get()).as("an executor was killed during a fit round").isNotNull();
    assertThat(killer.lost).as("tasks lost with the executor, then run again").isNotEmpty();
    // 160 images in shards of 16, 2 workers x 2 paths per round: 3 rounds per epoch, none lost
    // and none counted twice.
    assertThat(outcome.lastCheckpoint().state().epoch()).isEqualTo(2);
    assertThat(outcome.lastCheckpoint().state().globalStep()).isEqualTo(6);
    assertThat(outcome.validation().loss()).isFinite();
    assertThat(outcome.validation().examples()).isEqualTo(160);
    CheckpointStore store =
        CheckpointStore.open(outcome.runDir(), spark.sparkContext().hadoopConfiguration());
    List<Checkpoint> checkpoints = store.list();
    assertThat(checkpoints).hasSize(2);
    for (Checkpoint c : checkpoints) {
      assertThat(store.verify(c)).as("checksum of " + c.path()).isTrue();
      assertThat(store.load(c).params().sumNumber().doubleValue()).isFinite();
    }
    List<Row> rows =
        spark
            .sql(
                "SELECT epoch, split, loss FROM resnet.epoch_metrics WHERE run_id = '"
                    + outcome.runId()
                    + "' ORDER BY epoch, split")
            .collectAsList();
    assertThat(rows)
        .extracting(r -> r.getInt(0) + " " + r.getString(1))
        .containsExactly("1 train", "1 val", "2 train", "2 val");
    assertThat(rows).allSatisfy(r -> assertThat(r.getDouble(2)).isFinite());
    // Nothing averaged twice, nothing lost: the retried task redid the same work from the round's
    // broadcast, so the model is the one of the same run without the kill.
    TwinRuns.assertSameModel(
        twin, outcome.lastCheckpoint(), 1e-5, spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Kills, once, the executor that starts a task of the second averaging round (DL4J aggregates a
   * round's results with treeAggregate), and records the tasks that were lost with it.
   */
  static final class ExecutorKiller extends SparkListener {
    final Map<Integer, String> stageNames = new ConcurrentHashMap<>();
    final AtomicInteger roundsDone = new AtomicInteger();
    final AtomicReference<String> killed = new AtomicReference<>();
    final List<String> lost = new CopyOnWriteArrayList<>();
    volatile String appId;

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
      stageNames.put(e.stageInfo().stageId(), e.stageInfo().name());
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
      if (e.stageInfo().name().startsWith("treeAggregate")) {
        roundsDone.incrementAndGet();
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart e) {
      String stage = stageNames.getOrDefault(e.stageId(), "");
      String executor = e.taskInfo().executorId();
      if (stage.startsWith("treeAggregate")
          && roundsDone.get() >= 1
          && killed.compareAndSet(null, executor)) {
        String app = "--app-id " + appId + " ";
        List<ProcessHandle> jvms =
            ProcessHandle.allProcesses()
                .filter(
                    p -> {
                      String cmd = commandLine(p);
                      return cmd.contains("CoarseGrainedExecutorBackend")
                          && cmd.contains("--executor-id " + executor + " ")
                          && cmd.contains(app);
                    })
                .toList();
        assertThat(jvms).as("JVM of executor " + executor).hasSize(1);
        System.out.printf(
            "killing executor %s (pid %d) running task %d of %s%n",
            executor, jvms.get(0).pid(), e.taskInfo().taskId(), stage);
        jvms.get(0).destroyForcibly();
      }
    }

    /**
     * The full command line. ProcessHandle.Info cuts it at 4096 characters on Linux, and an
     * executor's classpath alone is longer, so its arguments are read from /proc.
     */
    private static String commandLine(ProcessHandle p) {
      try {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
        return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
      } catch (IOException e) {
        return ""; // gone, or not ours to read
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      if (e.reason() instanceof ExecutorLostFailure) {
        lost.add(e.taskInfo().executorId() + ":" + e.taskInfo().index());
      }
    }
  }
}
