package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.Layout;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.PrepareJob;
import org.resnetspark.data.PrepareOptions;
import org.resnetspark.data.ShardInput;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.eval.SparkEvaluator;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;
import org.resnetspark.progress.Progress;
import org.resnetspark.testing.SparkClusters;

/**
 * Parameter averaging on a real standalone cluster: two workers, each launching its executor in a
 * separate JVM, train a ResNet-8 on real Fashion-MNIST images for two epochs.
 */
class DistributedTrainingIT {
  @TempDir static Path dir;
  static SparkSession spark;
  static final Set<String> executorsThatRanTasks = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    spark = SparkClusters.standalone(DistributedTrainingIT.class, 2, 2048).getOrCreate();
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onTaskEnd(SparkListenerTaskEnd end) {
                executorsThatRanTasks.add(end.taskInfo().executorId());
              }
            });
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void trainsOnSeveralExecutorJvmsAndValidationLossFalls() {
    PrepareOptions options =
        PrepareOptions.defaults(
                "/usr/share/datasets/fashion-mnist", dir.resolve("shards").toString())
            .withLayout(Layout.IDX)
            .withLimitPerClass(40)
            .withShardSize(64);
    Manifest manifest = PrepareJob.run(spark, options, s -> {});
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

    TrainSettings settings =
        ConfigLoader.load(
                null,
                List.of(
                    "train.epochs=2",
                    "train.workers=2",
                    "train.batch-size-per-worker=16",
                    "train.averaging-frequency=2",
                    "train.learning-rate=0.05",
                    "train.augmentation=none"))
            .train();
    Variant variant = Variants.parse("resnet8");
    ModelOptions modelOptions =
        ModelOptions.defaultsFor(variant).withClasses(10).withInput(28, 28, 1);
    ComputationGraph net =
        ResNets.build(variant, modelOptions, new Optimization(new Nesterovs(0.05, 0.9), 1e-4, 42));
    DistributedTrainer trainer =
        new DistributedTrainer(
            sc, net, settings, manifest, new Progress(new PrintStream(System.out)));
    ShardInput val = ShardInput.of(manifest, "val", Augmentation.NONE, 0);
    List<String> labels = manifest.classes().stream().map(Manifest.ClassEntry::id).toList();

    EvalResult before = SparkEvaluator.evaluate(sc, trainer.network(), val, labels, 2);
    trainer.trainEpoch(1);
    EpochResult second = trainer.trainEpoch(2);
    EvalResult after = SparkEvaluator.evaluate(sc, trainer.network(), val, labels, 2);

    assertThat(after.examples()).isEqualTo(manifest.examples("val"));
    assertThat(after.loss()).isLessThan(before.loss() - 0.1);
    assertThat(after.top1()).isGreaterThan(before.top1());
    assertThat(second.globalStep()).isGreaterThan(2);
    assertThat(second.trainLoss()).isFinite();
    assertThat(executorsThatRanTasks).hasSizeGreaterThanOrEqualTo(2).doesNotContain("driver");
  }
}
