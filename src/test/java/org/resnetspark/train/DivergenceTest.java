package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.resnetspark.train.TrainFixtures.quiet;
import static org.resnetspark.train.TrainFixtures.tinyConvNet;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.resnetspark.data.Manifest;
import org.resnetspark.testing.SparkClusters;

/** A loss that becomes NaN stops training after the round that produced it, and says so. */
class DivergenceTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Manifest manifest;

  @BeforeAll
  static void start() {
    spark = SparkClusters.local(DivergenceTest.class, 2);
    manifest = TrainFixtures.fashionShards(spark, dir.resolve("shards"), 6, 10);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void nanLossStopsTrainingWithAMessageNamingTheWayOut() {
    ComputationGraph net = tinyConvNet(28, 28, 1, 0.1);
    net.params().assign(Double.NaN);
    DistributedTrainer trainer =
        new DistributedTrainer(
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            net,
            TrainFixtures.settings("train.batch-size-per-worker=10", "train.averaging-frequency=1"),
            manifest,
            quiet());

    assertThatThrownBy(() -> trainer.trainEpoch(1))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("the averaged loss is NaN after epoch 1 round 1 (step 1")
        .hasMessageContaining("train --resume");
  }

  @Test
  void parametersBrokenByTheLastUpdateStopTrainingToo() {
    DistributedTrainer trainer =
        new DistributedTrainer(
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            tinyConvNet(28, 28, 1, 0.1),
            TrainFixtures.settings("train.batch-size-per-worker=10", "train.averaging-frequency=1"),
            manifest,
            quiet());
    trainer.addWorkerHook(new BreakParameters());

    assertThatThrownBy(() -> trainer.trainEpoch(1))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("the averaged parameters hold NaN or infinite values (loss 2.")
        .hasMessageContaining("after epoch 1 round 1 (step 1");
  }

  /** Sets a worker's parameters to NaN after its update; the loss it reports is still finite. */
  static final class BreakParameters implements TrainingHook {
    @Override
    public void postUpdate(DataSet minibatch, Model model) {
      model.params().assign(Double.NaN);
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
      model.params().assign(Double.NaN);
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {}

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {}
  }
}
