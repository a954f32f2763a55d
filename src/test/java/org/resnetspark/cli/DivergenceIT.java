package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
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
import org.resnetspark.job.SparkSessions;
import org.resnetspark.job.TrainJob;
import org.resnetspark.progress.Progress;
import org.resnetspark.testing.FashionShards;

/**
 * A run that diverges by itself, end to end: a plain net (no shortcuts) trains its first epoch at a
 * sane rate, then is resumed with {@code train.learning-rate = 100}, far too high for it. Its
 * network diverges (the validation predictions turn NaN: batch norm's running statistics leave the
 * float range although the training loss stays finite), and {@code train.on-divergence = rollback}
 * takes it back to the epoch-1 checkpoint with a lower rate until epoch 2 trains; the run finishes
 * with finite parameters.
 */
class DivergenceIT {
  @TempDir static Path work;
  static SparkSession spark;
  static List<String> settings;

  @BeforeAll
  static void start() {
    settings =
        List.of(
            "storage.work-dir=" + work,
            "spark.master=local[2]",
            "model.variant=plain8",
            "train.workers=2",
            "train.batch-size-per-worker=10",
            "train.averaging-frequency=1",
            "train.augmentation=none",
            "train.learning-rate=0.05",
            "train.schedule.type=constant",
            "train.epochs=1",
            "train.on-divergence=rollback",
            "train.rollback-lr-factor=0.01",
            "train.max-rollbacks=2");
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings);
    spark = SparkSessions.create(config.settings(), null);
    FashionShards.prepare(spark, config.settings().data().shards(), 4, 10);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aRunThatDivergesByItselfRollsBackLowersTheRateAndFinishes() throws Exception {
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings);
    TrainJob.Outcome first =
        TrainJob.run(
            spark,
            config.settings(),
            config.json(),
            RunStart.fresh(config.settings()),
            new Progress(new PrintStream(PrintStream.nullOutputStream())));

    List<String> resume =
        new ArrayList<>(
            List.of(
                "train",
                "--resume",
                first.runDir(),
                "--set",
                "train.learning-rate=100",
                "--set",
                "train.epochs=2",
                "--allow-config-change"));
    int exit = Main.commandLine().execute(resume.toArray(String[]::new));

    assertThat(exit).isZero();
    List<String> rollbacks;
    try (Stream<Path> files = Files.list(Path.of(first.runDir()))) {
      rollbacks =
          files
              .filter(p -> p.getFileName().toString().startsWith("rollback-"))
              .map(DivergenceIT::read)
              .toList();
    }
    assertThat(rollbacks).isNotEmpty();
    assertThat(rollbacks.get(0))
        .startsWith("rollback 1 of 2: Training diverged: ")
        .contains("after epoch 2")
        .contains("rolled back to " + first.lastCheckpoint().path() + " (epoch 1,");
    CheckpointStore store = CheckpointStore.open(first.runDir(), new Configuration());
    Checkpoint last = store.latest().orElseThrow();
    assertThat(last.state().epoch()).isEqualTo(2);
    // Each rollback multiplied the rate by 0.01; the last checkpoint records the lowered rate.
    assertThat(last.state().rateScale()).isCloseTo(Math.pow(0.01, rollbacks.size()), within(1e-12));
    assertThat(last.state().learningRate()).isCloseTo(100 * last.state().rateScale(), within(1e-9));
    assertThat(store.load(last).params().sumNumber().doubleValue()).isFinite();
    assertThat(last.state().metrics().get("loss")).isFinite();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
