package org.resnetspark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.config.Layout;
import org.resnetspark.config.Metric;
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
 * A checkpoint written before metrics were versioned (its loss is DL4J's score, penalty included)
 * meets a comparison on loss: it is evaluated again on the same data and its state rewritten. 40
 * Fashion-MNIST validation images, a ResNet-8 with weight decay.
 */
class OldMetricsTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static JavaSparkContext sc;
  static Manifest manifest;
  static final Configuration CONF = new Configuration();

  @BeforeAll
  static void start() {
    spark = SparkClusters.local(OldMetricsTest.class, 2);
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    manifest =
        PrepareJob.run(
            spark,
            PrepareOptions.defaults(
                    "/usr/share/datasets/fashion-mnist", dir.resolve("shards").toString())
                .withLayout(Layout.IDX)
                .withLimitPerClass(4)
                .withShardSize(10),
            s -> {});
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void anOldLossIsMeasuredAgainBeforeItIsCompared() throws Exception {
    ComputationGraph net = resnet8();
    CheckpointStore store =
        CheckpointStore.open(dir.resolve("run-old").toString(), CONF, Metric.LOSS);
    Checkpoint old = store.write(net, oldState(1, 12.5));

    Checkpoint now = OldMetrics.comparable(sc, old, Metric.LOSS, manifest, "val", 2, quiet());

    EvalResult expected =
        SparkEvaluator.evaluate(
            sc,
            net,
            ShardInput.of(manifest, "val", Augmentation.NONE, 0),
            manifest.classes().stream().map(Manifest.ClassEntry::id).toList(),
            2);
    Checkpoint reread = CheckpointStore.at(old.path(), CONF);
    for (Checkpoint c : List.of(now, reread)) {
      assertThat(c.state().metricsVersion()).isEqualTo(CheckpointState.METRICS_VERSION);
      assertThat(c.state().metrics().get("loss")).isCloseTo(expected.loss(), within(1e-6));
      assertThat(c.state().metrics().get("penalty")).isCloseTo(expected.penalty(), within(1e-6));
      assertThat(c.state().metrics()).containsEntry(OldMetrics.OLD_LOSS_KEY, 12.5);
      assertThat(c.state().modelSha256()).isEqualTo(old.state().modelSha256());
    }
    assertThat(store.verify(reread)).isTrue();
  }

  @Test
  void anOldTop1IsComparedAsItIs() throws Exception {
    CheckpointStore store = CheckpointStore.open(dir.resolve("run-top1").toString(), CONF);
    Checkpoint old = store.write(resnet8(), oldState(1, 12.5));

    Checkpoint same = OldMetrics.comparable(sc, old, Metric.TOP1, manifest, "val", 2, quiet());

    assertThat(same).isEqualTo(old);
    assertThat(CheckpointStore.at(old.path(), CONF).state().metricsVersion()).isZero();
  }

  @Test
  void aResumedRunsOldBestIsMeasuredAgain() throws Exception {
    CheckpointStore store =
        CheckpointStore.open(dir.resolve("run-resumed").toString(), CONF, Metric.LOSS);
    store.write(resnet8(), oldState(1, 30.0));

    OldMetrics.best(sc, store, Metric.LOSS, manifest, 2, quiet());

    CheckpointState best = store.best().orElseThrow().state();
    assertThat(best.metricsVersion()).isEqualTo(CheckpointState.METRICS_VERSION);
    assertThat(best.metrics().get("loss")).isBetween(0.5, 10.0);
  }

  private static CheckpointState oldState(int epoch, double scoreWithPenalty) {
    return new CheckpointState(
        "run-old",
        epoch,
        epoch * 10L,
        0.1,
        42,
        "hash",
        Map.of("loss", scoreWithPenalty, "top1", 0.3, "top5", 0.7),
        null,
        0,
        "then",
        1,
        0,
        0,
        null,
        null);
  }

  private static ComputationGraph resnet8() {
    Variant variant = Variants.parse("resnet8");
    return ResNets.build(
        variant,
        ModelOptions.defaultsFor(variant).withClasses(10).withInput(28, 28, 1),
        new Optimization(new Nesterovs(0.01, 0.9), 0.05, 7),
        ConvolutionEngine.STOCK);
  }

  private static Progress quiet() {
    return new Progress(new PrintStream(OutputStream.nullOutputStream()));
  }
}
