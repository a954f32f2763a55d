package org.resnetspark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.Metric;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.ShardInput;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.eval.SparkEvaluator;
import org.resnetspark.testing.Fixtures;
import org.resnetspark.testing.TestSpark;

/**
 * A checkpoint written by the build before the package reorganisation (Spark 3.5.3 / Iceberg 1.6.1,
 * the jobs still in cli/, the benchmarks among the model layers) still loads and evaluates. The
 * fast layers' class names are inside every saved model.zip, so they must never move. The resource
 * is the epoch-1 checkpoint of a {@code demo} run of that build (ResNet-8 with {@code model.engine
 * = fast}, 20 train and 5 validation images per class, one epoch) with the validation shard it was
 * evaluated on; evaluating it again must give the metrics its state.json recorded.
 */
class CheckpointFromEarlierBuildTest {
  private static final String FIXTURE =
      "org/resnetspark/checkpoint/fast-resnet8-before-package-move";
  private static final String FAST_LAYERS = "org.resnetspark.model.layers.";

  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    Fixtures.copy(FIXTURE, dir);
    spark = TestSpark.start(CheckpointFromEarlierBuildTest.class);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void loadsWithItsFastLayersAndEvaluatesAsRecorded() throws Exception {
    Configuration conf = new Configuration();
    CheckpointStore store = CheckpointStore.open(dir.toString(), conf);
    Optional<Checkpoint> latest = store.latest();
    assertThat(latest).isPresent();
    Checkpoint checkpoint = latest.get();
    assertThat(checkpoint.state().epoch()).isEqualTo(1);
    assertThat(store.verify(checkpoint)).isTrue();

    ComputationGraph net = store.load(checkpoint);
    assertThat(Arrays.stream(net.getLayers()).map(l -> l.conf().getLayer().getClass().getName()))
        .anyMatch(name -> name.startsWith(FAST_LAYERS));

    Manifest manifest = Manifest.read(dir.resolve("shards").toString(), conf);
    EvalResult result =
        SparkEvaluator.evaluate(
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            net,
            ShardInput.of(manifest, "val", Augmentation.NONE, 0),
            manifest.classes().stream().map(Manifest.ClassEntry::id).toList(),
            2);
    var recorded = checkpoint.state().metrics();
    assertThat(result.examples()).isEqualTo(manifest.examples("val"));
    assertThat(result.top1()).isCloseTo(recorded.get("top1"), within(1e-9));
    assertThat(result.top5()).isCloseTo(recorded.get("top5"), within(1e-9));
    // That build's loss was DL4J's score: the cross-entropy plus the weight-decay penalty. This
    // build reports the two apart, and they add up to the recorded value.
    assertThat(checkpoint.state().comparable(Metric.LOSS)).isFalse();
    assertThat(result.penalty()).isPositive();
    assertThat(result.loss() + result.penalty()).isCloseTo(recorded.get("loss"), within(1e-4));
  }
}
