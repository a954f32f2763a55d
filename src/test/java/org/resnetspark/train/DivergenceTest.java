package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.resnetspark.train.TrainFixtures.quiet;
import static org.resnetspark.train.TrainFixtures.tinyConvNet;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
