package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.testing.FashionShards;
import org.resnetspark.testing.TwinRuns;
import picocli.CommandLine;

/**
 * The run's storage fills up while a checkpoint is written: a real HDFS (MiniDFSCluster) whose runs
 * folder gets a space quota right after the first checkpoint. The job stops with exit code 1 and a
 * message naming the checkpoint, the cause and the way on; the first checkpoint stays the latest
 * and loads; once the quota is lifted, --resume finishes the run with the model of its undisturbed
 * twin (the same settings trained straight through on local storage).
 */
class FullCheckpointStorageIT {
  @TempDir static Path work;
  static MiniDFSCluster cluster;
  static DistributedFileSystem fs;
  static SparkSession spark;
  static List<String> settings;

  @BeforeAll
  static void start() {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("hdfs").toString());
    try {
      cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
      cluster.waitActive();
      fs = cluster.getFileSystem();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    settings =
        List.of(
            "storage.work-dir=" + fs.getUri() + "/resnet",
            "storage.catalog.uri=jdbc:sqlite:" + work.resolve("catalog.db"),
            "storage.catalog.warehouse=" + work.resolve("warehouse"),
            "data.shards=" + work.resolve("shards"),
            "spark.master=local[2]",
            "model.variant=resnet8",
            "train.workers=2",
            "train.batch-size-per-worker=16",
            "train.averaging-frequency=2",
            "train.augmentation=none",
            "train.epochs=2");
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings);
    spark = SparkSessions.create(config.settings(), null);
    FashionShards.prepare(spark, config.settings().data().shards(), 8, 16);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  void aFullTargetStopsTheJobAndLeavesThePreviousCheckpointToResumeFrom() throws Exception {
    Checkpoint twin = TwinRuns.straight(spark, settings, "file:" + work.resolve("twin"));
    org.apache.hadoop.fs.Path runs = new org.apache.hadoop.fs.Path("/resnet/runs");
    CompletableFuture<String> filled = CompletableFuture.supplyAsync(() -> fillAfterEpochOne(runs));
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute(trainArgs());

    String runDir = filled.get(1, TimeUnit.MINUTES);
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains("Could not write checkpoint " + runDir + "/checkpoints/epoch-0002: ")
        .contains("DSQuotaExceededException")
        .contains(
            "The previous checkpoint epoch-0001 is intact and 'latest' still points at it."
                + " Free space (or raise the quota, or fix the permissions) on the run's storage,"
                + " then continue with: train --resume "
                + runDir);
    CheckpointStore store = CheckpointStore.open(runDir, fs.getConf());
    Checkpoint latest = store.latest().orElseThrow();
    assertThat(latest.state().epoch()).isEqualTo(1);
    assertThat(store.list()).hasSize(1);
    assertThat(store.verify(latest)).isTrue();
    assertThat(store.load(latest).params().sumNumber().doubleValue()).isFinite();
    assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(runDir, "checkpoints")))
        .extracting(s -> s.getPath().getName())
        .containsExactlyInAnyOrder("epoch-0001", "latest", "best");

    fs.setQuota(runs, HdfsConstants.QUOTA_DONT_SET, HdfsConstants.QUOTA_RESET);
    int resumed = Main.commandLine().execute("train", "--resume", runDir);

    assertThat(resumed).isZero();
    Checkpoint last = store.latest().orElseThrow();
    assertThat(last.state().epoch()).isEqualTo(2);
    assertThat(last.state().runId()).isEqualTo(latest.state().runId());
    assertThat(store.verify(last)).isTrue();
    TwinRuns.assertSameModel(twin, last, 1e-4, fs.getConf());
  }

  /**
   * Waits until the run's first checkpoint and both pointers are in place, then caps the runs
   * folder's space at what it uses now: the next block written there exceeds the quota.
   */
  private static String fillAfterEpochOne(org.apache.hadoop.fs.Path runs) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    try {
      while (System.nanoTime() < deadline) {
        FileStatus[] best =
            fs.globStatus(new org.apache.hadoop.fs.Path(runs, "*/checkpoints/best"));
        if (best != null && best.length == 1) {
          long used = fs.getContentSummary(runs).getSpaceConsumed();
          fs.setQuota(runs, HdfsConstants.QUOTA_DONT_SET, used + 1);
          return best[0].getPath().getParent().getParent().toString();
        }
        Thread.sleep(20);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("No checkpoint appeared under " + runs);
  }

  private static String[] trainArgs() {
    List<String> args = new ArrayList<>(List.of("train"));
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    return args.toArray(String[]::new);
  }
}
