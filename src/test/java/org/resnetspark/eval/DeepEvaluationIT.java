package org.resnetspark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.JvmFlags;
import org.resnetspark.config.Layout;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.PrepareJob;
import org.resnetspark.data.PrepareOptions;
import org.resnetspark.data.ShardInput;
import org.resnetspark.model.LastBnGamma;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;
import org.resnetspark.testing.SparkClusters;

/**
 * ResNet-1202 (He et al. 2015, Section 4.2) evaluates in an executor JVM whose off-heap memory is
 * bounded below what keeping every layer's activations would take. On 28x28x1 inputs in batches of
 * 16, a training-mode forward pass of this net keeps about 2 GB of activations (600 blocks of two
 * convolutions, two BNs, an addition and two ReLUs: 16, 32 and 64 channels at 28x28, 14x14, 7x7);
 * inference frees each activation once its consumers have run, so it needs the parameters and a few
 * layers' outputs.
 */
class DeepEvaluationIT {
  /** The executor's limits: ND4J's own allocations, and the whole process's resident memory. */
  static final String LIMITS =
      " -Dorg.bytedeco.javacpp.maxbytes=768m -Dorg.bytedeco.javacpp.maxphysicalbytes=2500m";

  @TempDir static Path dir;
  static SparkSession spark;
  static JavaSparkContext sc;
  static Manifest manifest;

  @BeforeAll
  static void start() {
    // The later -D of a property wins: these replace the project's default limits.
    spark =
        SparkClusters.standalone(DeepEvaluationIT.class, 1, 1536)
            .config("spark.executor.extraJavaOptions", JvmFlags.all() + LIMITS)
            .getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    manifest =
        PrepareJob.run(
            spark,
            PrepareOptions.defaults(
                    "/usr/share/datasets/fashion-mnist", dir.resolve("shards").toString())
                .withLayout(Layout.IDX)
                .withLimitPerClass(2)
                .withShardSize(16),
            s -> {});
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void resnet1202EvaluatesWithinTheLimit() {
    Variant variant = Variants.parse("resnet1202");
    ComputationGraph net =
        ResNets.build(
            variant,
            // Each block's last BN starts at zero, so the untrained net's residual stream stays
            // finite in inference (BN at its initial running statistics does not normalise, and
            // 600 unnormalised additions overflow). Memory is the same either way.
            ModelOptions.defaultsFor(variant)
                .withClasses(10)
                .withInput(28, 28, 1)
                .withLastBnGamma(LastBnGamma.ZERO),
            new Optimization(new Nesterovs(0.1, 0.9), 1e-4, 7));
    ShardInput val = ShardInput.of(manifest, "val", Augmentation.NONE, 0);

    EvalResult result =
        SparkEvaluator.evaluate(
            sc, net, val, manifest.classes().stream().map(Manifest.ClassEntry::id).toList(), 1);

    assertThat(result.examples()).isEqualTo(val.examples()).isPositive();
    assertThat(result.loss()).isFinite().isPositive();
    assertThat(result.penalty()).isFinite().isPositive();
    assertThat(result.top1()).isBetween(0.0, 1.0);
  }
}
