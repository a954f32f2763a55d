package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.job.RunStart;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.job.TrainJob;
import org.resnetspark.progress.Progress;
import org.resnetspark.testing.FashionShards;

/**
 * A run that diverges by itself, end to end through {@link TrainJob}: a plain net (no shortcuts, no
 * weight decay) warms up for its first epoch at 0.05, then the schedule's rate of 10 is far too
 * high for it. Its loss explodes (about 19 where chance is ln 10 = 2.3: most predictions
 * confidently wrong) while staying finite, {@code train.max-loss-factor} calls that a divergence,
 * and {@code train.on-divergence = rollback} takes the run back to the epoch-1 checkpoint with the
 * rate multiplied by 0.01; epoch 2 then trains at 0.1 and the run finishes with finite parameters.
 */
class DivergenceIT {
  private static final double RATE = 10;
  private static final double LR_FACTOR = 0.01;
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
            "train.weight-decay=0",
            "train.learning-rate=" + RATE,
            // 80 training images, 20 a round: the 4 rounds of epoch 1 warm up at 0.05.
            "train.schedule.warmup-rate=0.05",
            "train.schedule.warmup-rounds=4",
            "train.epochs=2",
            "train.on-divergence=rollback",
            "train.rollback-lr-factor=" + LR_FACTOR,
            "train.max-rollbacks=3");
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings);
    spark = SparkSessions.create(config.settings(), null);
    FashionShards.prepare(spark, config.settings().data().shards(), 8, 10);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aRunWhoseLossExplodesRollsBackLowersTheRateAndFinishes() throws Exception {
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainJob.Outcome outcome =
        TrainJob.run(
            spark,
            config.settings(),
            config.json(),
            RunStart.fresh(config.settings()),
            new Progress(new PrintStream(log, true, StandardCharsets.UTF_8)));

    String output = log.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .contains("WARNING: rollback 1 of 3: Training diverged: the averaged loss ")
        // The limit counts from chance, or from the start when the network starts above it.
        .containsPattern(
            "is above 3\\.0 x (ln\\(10 classes\\) = 6\\.9078|\\d+\\.\\d{4}, the loss the"
                + " network started from, = \\d+\\.\\d{4}) \\(train\\.max-loss-factor\\)"
                + " after epoch 2")
        .contains("lr 10.0)")
        .contains("epoch 2 done in");
    List<String> rollbacks = rollbackRecords(outcome.runDir());
    assertThat(rollbacks).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    String epoch1 = outcome.runDir() + "/checkpoints/epoch-0001";
    assertThat(rollbacks.get(0))
        .startsWith("rollback 1 of 3: Training diverged: the averaged loss ")
        .contains("rolled back to " + epoch1 + " (epoch 1, step 4)")
        .contains("learning rate now 0.01 times the schedule (train.rollback-lr-factor 0.01)");

    // The run finished all its rounds, at the rate the rollbacks lowered, with finite values.
    CheckpointState last = outcome.lastCheckpoint().state();
    assertThat(last.epoch()).isEqualTo(2);
    assertThat(last.globalStep()).isEqualTo(8);
    double scale = Math.pow(LR_FACTOR, rollbacks.size());
    assertThat(last.rateScale()).isCloseTo(scale, within(1e-15));
    assertThat(last.learningRate()).isCloseTo(RATE * scale, within(1e-12));
    ComputationGraph net = CheckpointStore.load(outcome.lastCheckpoint(), new Configuration());
    assertThat(net.params().sumNumber().doubleValue()).isFinite();
    assertThat(net.getUpdater().getStateViewArray().sumNumber().doubleValue()).isFinite();
    assertThat(outcome.validation().loss()).isFinite();
  }

  /** The texts of the run's rollback-*.txt records, oldest first. */
  private static List<String> rollbackRecords(String runDir) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(runDir))) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("rollback-"))
          .sorted()
          .map(DivergenceIT::read)
          .toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
