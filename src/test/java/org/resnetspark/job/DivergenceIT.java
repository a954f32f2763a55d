package org.resnetspark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.resnetspark.progress.Progress;
import org.resnetspark.testing.FashionShards;

/**
 * A run that diverges by itself, end to end: a plain net (no shortcuts) at a learning rate far too
 * high for it, with a round checkpoint after every round and {@code train.on-divergence =
 * rollback}. The loss turns non-finite, the job rolls back to the latest checkpoint with a lower
 * rate, and the run finishes with finite parameters.
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
            "train.learning-rate=100",
            "train.schedule.type=constant",
            "train.epochs=2",
            "train.on-divergence=rollback",
            "train.rollback-lr-factor=0.1",
            "train.max-rollbacks=3",
            "checkpoint.every-rounds=1");
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings);
    spark = SparkSessions.create(config.settings(), null);
    FashionShards.prepare(spark, config.settings().data().shards(), 8, 10);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aRunThatDivergesByItselfRollsBackLowersTheRateAndFinishes() throws Exception {
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

    TrainJob.Outcome outcome =
        TrainJob.run(
            spark,
            config.settings(),
            config.json(),
            RunStart.fresh(config.settings()),
            new Progress(out));

    String output = log.toString(StandardCharsets.UTF_8);
    System.out.println(output);
    assertThat(output).contains("WARNING: rollback 1 of 3: Training diverged:");
    try (Stream<Path> files = Files.list(Path.of(outcome.runDir()))) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("rollback-")))
          .isNotEmpty();
    }
    Checkpoint last = outcome.lastCheckpoint();
    assertThat(last.state().epoch()).isEqualTo(2);
    assertThat(last.state().rateScale()).isLessThanOrEqualTo(0.1);
    assertThat(last.state().learningRate()).isCloseTo(100 * last.state().rateScale(), within(1e-9));
    CheckpointStore store = CheckpointStore.open(outcome.runDir(), new Configuration());
    assertThat(store.load(last).params().sumNumber().doubleValue()).isFinite();
    assertThat(outcome.validation().loss()).isFinite();
  }
}
