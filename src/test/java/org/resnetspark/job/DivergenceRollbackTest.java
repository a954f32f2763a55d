package org.resnetspark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Manifest;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variants;
import org.resnetspark.progress.Progress;
import org.resnetspark.testing.FashionShards;
import org.resnetspark.testing.SparkClusters;
import org.resnetspark.train.DistributedTrainer;
import org.resnetspark.train.EpochResult;
import org.resnetspark.train.TrainingDivergedException;

/**
 * train.on-divergence = rollback: a NaN loss takes the trainer back to the latest checkpoint's
 * parameters and momentum with a lower rate, and training goes on; a second one past
 * train.max-rollbacks stops.
 */
class DivergenceRollbackTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Manifest manifest;

  @BeforeAll
  static void start() {
    spark = SparkClusters.local(DivergenceRollbackTest.class, 2);
    manifest = FashionShards.prepare(spark, dir.resolve("shards").toString(), 6, 10);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void rollsBackToTheLatestCheckpointWithALowerRateThenStopsPastTheLimit() throws Exception {
    TrainSettings settings =
        settings(
            "train.on-divergence=rollback",
            "train.rollback-lr-factor=0.1",
            "train.max-rollbacks=1");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(log, true, StandardCharsets.UTF_8));
    DistributedTrainer trainer =
        new DistributedTrainer(
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            resNet8(),
            settings,
            manifest,
            progress);
    Path runDir = dir.resolve("run");
    CheckpointStore store = CheckpointStore.open(runDir.toString(), new Configuration());
    EpochResult first = trainer.trainEpoch(1);
    Checkpoint saved = store.write(trainer.network(), state(first, trainer.learningRateScale()));
    INDArray params = trainer.network().params().dup();
    INDArray momentum = trainer.network().getUpdater().getStateViewArray().dup();
    DivergenceRollback rollback =
        new DivergenceRollback(
            settings.onDivergence(),
            store,
            new RunDirectory(runDir.toString(), new Configuration()),
            progress);

    TrainingDivergedException diverged = divergeIn(2, trainer);
    Checkpoint back = rollback.recover(diverged, trainer);

    assertThat(back.path()).isEqualTo(saved.path());
    assertThat(trainer.network().params()).isEqualTo(params);
    assertThat(trainer.network().getUpdater().getStateViewArray()).isEqualTo(momentum);
    assertThat(trainer.globalStep()).isEqualTo(first.globalStep());
    assertThat(trainer.learningRateScale()).isEqualTo(0.1);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("WARNING: rollback 1 of 1: Training diverged: the averaged loss is NaN")
        .contains("rolled back to " + saved.path() + " (epoch 1, step " + first.globalStep());
    try (Stream<Path> files = Files.list(runDir)) {
      List<Path> records =
          files.filter(p -> p.getFileName().toString().startsWith("rollback-")).toList();
      assertThat(records).hasSize(1);
      assertThat(Files.readString(records.get(0)))
          .contains("epoch 2 round 1")
          .contains("learning rate now 0.1 times the schedule");
    }

    EpochResult again = trainer.trainEpoch(2);
    assertThat(again.trainLoss()).isFinite();
    assertThat(again.learningRate()).isCloseTo(0.005, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(again.globalStep()).isEqualTo(2 * first.globalStep());
    assertThat(trainer.network().params().sumNumber().doubleValue()).isFinite();
    // The lowered rate is saved with the next checkpoint, so that --resume keeps it.
    store.write(trainer.network(), state(again, trainer.learningRateScale()));
    assertThat(store.latest().orElseThrow().state().rateScale()).isEqualTo(0.1);
    assertThat(saved.state().rateScale()).isEqualTo(1.0);

    TrainingDivergedException twice = divergeIn(3, trainer);
    assertThatThrownBy(() -> rollback.recover(twice, trainer))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageStartingWith(
            "Diverged again after 1 rollbacks (train.max-rollbacks = 1): Training diverged:");
  }

  @Test
  void stopPolicyAndAMissingCheckpointPassTheDivergenceOn() {
    TrainingDivergedException diverged = new TrainingDivergedException(1, 1, 1, 0.1, Double.NaN);
    CheckpointStore empty =
        CheckpointStore.open(dir.resolve("empty").toString(), new Configuration());
    Progress quiet = new Progress(new PrintStream(PrintStream.nullOutputStream()));

    DivergenceRollback stop =
        new DivergenceRollback(
            settings().onDivergence(),
            empty,
            new RunDirectory(dir.toString(), new Configuration()),
            quiet);
    assertThatThrownBy(() -> stop.recover(diverged, null)).isSameAs(diverged);

    DivergenceRollback rollback =
        new DivergenceRollback(
            settings("train.on-divergence=rollback").onDivergence(),
            empty,
            new RunDirectory(dir.toString(), new Configuration()),
            quiet);
    assertThatThrownBy(() -> rollback.recover(diverged, null))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageStartingWith(
            "No checkpoint to roll back to yet (train.on-divergence = rollback): Training"
                + " diverged: the averaged loss is NaN after epoch 1 round 1");
  }

  @Test
  void divergenceKeysAreValidated() {
    assertThatThrownBy(() -> settings("train.on-divergence=retry"))
        .hasMessage("Invalid train.on-divergence: 'retry' (expected one of stop, rollback)");
    assertThatThrownBy(() -> settings("train.rollback-lr-factor=2"))
        .hasMessage("Invalid train.rollback-lr-factor: 2.0 (expected a number from 1.0E-6 to 1.0)");
    assertThatThrownBy(() -> settings("train.max-rollbacks=0"))
        .hasMessage("Invalid train.max-rollbacks: 0 (expected a whole number from 1 to 1000)");
    assertThatThrownBy(() -> settings("train.max-loss-factor=1.2"))
        .hasMessage(
            "Invalid train.max-loss-factor: 1.2 (expected 0, which turns the limit off, or a"
                + " number from 1.5 to 1000.0: a healthy first round's loss is about 1 x"
                + " ln(classes))");
    assertThatThrownBy(() -> settings("train.max-loss-factor=-1"))
        .hasMessageStartingWith(
            "Invalid train.max-loss-factor: -1.0 (expected 0, which turns the limit off, or a");
    assertThat(settings().onDivergence().maxLossFactor()).isEqualTo(3.0);
  }

  /**
   * The state a diverged round leaves behind: NaN parameters and momentum, and the exception.
   * (DivergenceTest shows the trainer detecting it.)
   */
  private static TrainingDivergedException divergeIn(int epoch, DistributedTrainer trainer) {
    trainer.network().params().assign(Double.NaN);
    trainer.network().getUpdater().getStateViewArray().assign(Double.NaN);
    return new TrainingDivergedException(epoch, 1, trainer.globalStep() + 1, 0.05, Double.NaN);
  }

  private static TrainSettings settings(String... overrides) {
    List<String> all =
        new java.util.ArrayList<>(
            List.of(
                "train.epochs=2",
                "train.workers=2",
                "train.batch-size-per-worker=10",
                "train.averaging-frequency=1",
                "train.augmentation=none",
                "train.learning-rate=0.05",
                "train.schedule.type=constant"));
    all.addAll(List.of(overrides));
    return ConfigLoader.load(null, all).train();
  }

  private static ComputationGraph resNet8() {
    var variant = Variants.parse("resnet8");
    return ResNets.build(
        variant,
        ModelOptions.defaultsFor(variant).withClasses(10).withInput(28, 28, 1),
        new Optimization(new Nesterovs(0.05, 0.9), 1e-4, 42));
  }

  private static CheckpointState state(EpochResult r, double rateScale) {
    return new CheckpointState(
        "run",
        r.epoch(),
        r.globalStep(),
        r.learningRate(),
        42,
        "h",
        Map.of("top1", 0.1),
        null,
        0,
        "t",
        rateScale,
        CheckpointState.FORMAT_VERSION,
        CheckpointState.METRICS_VERSION,
        null,
        null);
  }
}
