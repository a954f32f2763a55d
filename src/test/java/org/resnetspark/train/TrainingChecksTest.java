package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.resnetspark.train.TrainFixtures.quiet;
import static org.resnetspark.train.TrainFixtures.settings;
import static org.resnetspark.train.TrainFixtures.tinyConvNet;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Sgd;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Manifest;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;
import org.resnetspark.testing.SparkClusters;

/**
 * Bad input stops training on the driver, before any Spark job, with a message naming the setting,
 * its value and the fix. 20 training images (28x28x1, 10 classes) in 2 shards of 10.
 */
class TrainingChecksTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static JavaSparkContext sc;
  static Manifest manifest;

  @BeforeAll
  static void start() {
    spark = SparkClusters.local(TrainingChecksTest.class, 2);
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    manifest = TrainFixtures.fashionShards(spark, dir.resolve("shards"), 2, 10);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void unknownVariantNamesTheAllowedNames() {
    assertThatThrownBy(() -> Variants.parse("vgg16"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid model: vgg16")
        .hasMessageContaining("resnet<depth>")
        .hasMessageContaining("resnet50");
  }

  @Test
  void modelWithOtherChannelsThanTheShards() {
    ComputationGraph rgb = resNet8(ModelOptions.defaultsFor(variant()).withInput(28, 28, 3));

    assertThatThrownBy(() -> trainer(rgb, settings("train.batch-size-per-worker=10")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("takes 3 channels")
        .hasMessageContaining("hold 28x28x1 images")
        .hasMessageContaining(manifest.location())
        .hasMessageContaining("ModelOptions.withInput(28, 28, 1)");
  }

  @Test
  void modelWithOtherClassesThanTheShards() {
    ComputationGraph five =
        resNet8(ModelOptions.defaultsFor(variant()).withInput(28, 28, 1).withClasses(5));

    assertThatThrownBy(() -> trainer(five, settings("train.batch-size-per-worker=10")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the model predicts 5 classes")
        .hasMessageContaining("have 10")
        .hasMessageContaining("ModelOptions.withClasses(10)");
  }

  @Test
  void modelBuiltForAnotherImageSize() {
    // Its dense layer expects the activations of a 32x32 image.
    ComputationGraph net = tinyConvNet(32, 32, 1, 0.1);

    assertThatThrownBy(() -> trainer(net, settings("train.batch-size-per-worker=10")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("one 28x28x1 example")
        .hasMessageContaining("fails in the model")
        .hasMessageContaining("ModelOptions.withInput(28, 28, 1)");
  }

  @Test
  void batchLargerThanAWorkersShare() {
    TrainSettings s = settings("train.batch-size-per-worker=16", "train.averaging-frequency=1");

    assertThatThrownBy(() -> trainer(tinyConvNet(28, 28, 1, 0.1), s))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "train.batch-size-per-worker 16 is larger than a worker's share of the data (20"
                + " examples over 2 workers): lower the batch size or train.workers");
  }

  @Test
  void moreWorkersThanTheDataCanFeed() {
    TrainSettings s =
        settings("train.workers=3", "train.batch-size-per-worker=5", "train.averaging-frequency=2");

    assertThatThrownBy(() -> trainer(tinyConvNet(28, 28, 1, 0.1), s))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid train.workers: 3 (expected at most 2): the train split has only 2 shard"
                + " paths, so 1 workers would stay idle; lower train.workers or prepare with a"
                + " smaller data.shard-size");
  }

  @Test
  void shardPathLargerThanAWorkersRound() {
    // Shards of 10 make paths of 10, a multiple of the minibatch of 5, and twice the round of 5.
    TrainSettings s = settings("train.batch-size-per-worker=5", "train.averaging-frequency=1");

    assertThatThrownBy(() -> trainer(tinyConvNet(28, 28, 1, 0.1), s))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Shards of 10 examples are larger than one worker's round of 5")
        .hasMessageContaining("data.shard-size");
  }

  @Test
  void collectStatsMustBeABoolean() {
    assertThatThrownBy(() -> settings("train.collect-stats=sometimes"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid train.collect-stats: 'sometimes' (expected true or false)");
  }

  private static DistributedTrainer trainer(ComputationGraph net, TrainSettings s) {
    return new DistributedTrainer(sc, net, s, manifest, quiet());
  }

  private static Variant variant() {
    return Variants.parse("resnet8");
  }

  private static ComputationGraph resNet8(ModelOptions options) {
    return ResNets.build(variant(), options, new Optimization(new Sgd(0.1), 0, 1));
  }
}
