package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.job.RunStart;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.job.TrainJob;
import org.resnetspark.progress.Progress;
import org.resnetspark.testing.FashionShards;
import picocli.CommandLine;

/** Training two epochs in one go equals training one, stopping, and resuming for the second. */
class ResumeIT {
  @TempDir static Path work;
  static SparkSession spark;
  static List<String> base;

  @BeforeAll
  static void prepare() {
    base =
        List.of(
            "storage.work-dir=" + work,
            "spark.master=local[2]",
            "model.variant=resnet8",
            "train.workers=2",
            "train.batch-size-per-worker=16",
            "train.averaging-frequency=2",
            "train.learning-rate=0.05",
            "train.epochs=2");
    ResolvedConfig config = ConfigLoader.loadWithJson(null, base);
    spark = SparkSessions.create(config.settings(), null);
    FashionShards.prepare(spark, config.settings().data().shards(), 16, 32);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void resumingGivesTheSameParametersAsTrainingStraightThrough() throws Exception {
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    ResolvedConfig twoEpochs = ConfigLoader.loadWithJson(null, base);
    TrainJob.Outcome straight =
        TrainJob.run(
            spark,
            twoEpochs.settings(),
            twoEpochs.json(),
            RunStart.fresh(twoEpochs.settings()),
            new Progress(quiet));

    // A run whose driver stopped after epoch 1: same configuration, one epoch done.
    ResolvedConfig oneEpoch = ConfigLoader.loadWithJson(null, concat(base, "train.epochs=1"));
    TrainJob.Outcome first =
        TrainJob.run(
            spark,
            oneEpoch.settings(),
            oneEpoch.json(),
            RunStart.fresh(oneEpoch.settings()),
            new Progress(quiet));

    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    int refused = cli.execute("train", "--resume", first.runDir(), "--set", "train.epochs=2");
    assertThat(refused).isEqualTo(2);
    assertThat(err.toString())
        .contains("differs from the one run")
        .contains("train.epochs")
        .contains("--allow-config-change");

    int resumed =
        Main.commandLine()
            .execute(
                "train",
                "--resume",
                first.runDir(),
                "--set",
                "train.epochs=2",
                "--allow-config-change");
    assertThat(resumed).isZero();

    Configuration conf = new Configuration();
    CheckpointStore a = CheckpointStore.open(straight.runDir(), conf);
    CheckpointStore b = CheckpointStore.open(first.runDir(), conf);
    var lastA = a.latest().orElseThrow();
    var lastB = b.latest().orElseThrow();
    assertThat(lastB.state().epoch()).isEqualTo(2);
    // Epoch 1 was not trained again: its checkpoint is the one the first run wrote.
    assertThat(b.list().get(0).state().createdAt())
        .isEqualTo(first.lastCheckpoint().state().createdAt());
    assertThat(lastB.state().runId()).isEqualTo(first.runId());
    assertThat(lastB.state().globalStep()).isEqualTo(lastA.state().globalStep());
    INDArray pa = a.load(lastA).params();
    INDArray pb = b.load(lastB).params();
    double relative = pa.sub(pb).norm2Number().doubleValue() / pa.norm2Number().doubleValue();
    assertThat(relative).isLessThan(1e-4);
    assertThat(lastB.state().metrics().get("top1"))
        .isCloseTo(lastA.state().metrics().get("top1"), org.assertj.core.data.Offset.offset(0.005));
  }

  private static List<String> concat(List<String> list, String extra) {
    var out = new java.util.ArrayList<>(list);
    out.add(extra);
    return out;
  }
}
