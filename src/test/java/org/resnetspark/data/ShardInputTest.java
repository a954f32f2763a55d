package org.resnetspark.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.resnetspark.config.Augmentation;
import org.resnetspark.testing.TestSpark;

/** The reader over shards written by prepare: coverage, seeds, normalisation, and fitPaths. */
class ShardInputTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static JavaSparkContext jsc;
  static Manifest manifest;

  @BeforeAll
  static void prepare() {
    spark = TestSpark.start(ShardInputTest.class);
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Path source = dir.resolve("source");
    for (int i = 0; i < 30; i++) {
      TestTrees.write(
          source, "train/c" + (i % 3) + "/" + i + ".png", TestImages.rgb(12, 10, i, "png"));
    }
    for (int i = 0; i < 6; i++) {
      TestTrees.write(
          source, "val/c" + (i % 3) + "/" + i + ".png", TestImages.rgb(12, 10, 100 + i, "png"));
    }
    PrepareOptions options =
        PrepareOptions.defaults(source.toString(), dir.resolve("out").toString()).withShardSize(8);
    manifest = PrepareJob.run(spark, options, m -> {});
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void everyExampleIsLoadedExactlyOncePerEpochAcrossWorkers() throws Exception {
    ShardInput input = ShardInput.of(manifest, "train", Augmentation.NONE, 7, 4);
    assertThat(input.paths()).hasSize(8);
    assertThat(input.examples()).isEqualTo(30);
    DataSetLoader loader = input.loader();
    double[] mean = manifest.mean();
    double[] std = manifest.std();
    List<String> loaded =
        jsc.parallelize(input.paths(), 2)
            .flatMap(
                path -> {
                  DataSet data = loader.load(new PathSource(path));
                  List<String> fingerprints = new ArrayList<>();
                  for (int i = 0; i < data.numExamples(); i++) {
                    fingerprints.add(
                        fingerprint(
                            data.getFeatures().slice(i), data.getLabels().getRow(i), mean, std));
                  }
                  return fingerprints.iterator();
                })
            .collect();
    List<String> expected = new ArrayList<>();
    Configuration conf = new Configuration();
    for (Manifest.ShardEntry shard : manifest.split("train").shards()) {
      for (StoredExample row :
          ShardReader.read(dir.resolve("out").resolve(shard.path()).toString(), 0, -1, conf)) {
        expected.add(row.label() + ":" + Arrays.hashCode(row.image()));
      }
    }
    assertThat(loaded)
        .hasSize(30)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Undoes the normalisation and names the example by label and pixel bytes (HWC, as stored). */
  private static String fingerprint(INDArray chw, INDArray label, double[] mean, double[] std) {
    long c = chw.size(0);
    long h = chw.size(1);
    long w = chw.size(2);
    byte[] pixels = new byte[(int) (c * h * w)];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < c; ch++) {
          double value = (chw.getDouble(ch, y, x) * std[ch] + mean[ch]) * 255;
          pixels[(int) ((y * w + x) * c + ch)] = (byte) Math.round(value);
        }
      }
    }
    return label.argMax().getInt(0) + ":" + Arrays.hashCode(pixels);
  }

  @Test
  void augmentationRepeatsForASeedAndDiffersBetweenEpochs() throws Exception {
    String path = ShardInput.of(manifest, "train", Augmentation.CIFAR, 1).paths().get(0);
    INDArray first =
        ShardInput.of(manifest, "train", Augmentation.CIFAR, 1)
            .loader()
            .load(new PathSource(path))
            .getFeatures();
    INDArray again =
        ShardInput.of(manifest, "train", Augmentation.CIFAR, 1)
            .loader()
            .load(new PathSource(path))
            .getFeatures();
    INDArray next =
        ShardInput.of(manifest, "train", Augmentation.CIFAR, 2)
            .loader()
            .load(new PathSource(path))
            .getFeatures();
    assertThat(first.equals(again)).isTrue();
    assertThat(first.equals(next)).isFalse();
    assertThat(first.shape()).containsExactly(first.size(0), 3, 10, 12);
  }

  @Test
  void normalisesWithTheTrainMeanAndStd() throws Exception {
    ShardInput input = ShardInput.of(manifest, "train", Augmentation.NONE, 3, 8);
    List<INDArray> features = new ArrayList<>();
    for (String path : input.paths()) {
      features.add(input.loader().load(new PathSource(path)).getFeatures());
    }
    INDArray all = org.nd4j.linalg.factory.Nd4j.concat(0, features.toArray(new INDArray[0]));
    for (int c = 0; c < 3; c++) {
      INDArray channel =
          all.get(
              org.nd4j.linalg.indexing.NDArrayIndex.all(),
              org.nd4j.linalg.indexing.NDArrayIndex.point(c),
              org.nd4j.linalg.indexing.NDArrayIndex.all(),
              org.nd4j.linalg.indexing.NDArrayIndex.all());
      assertThat(channel.meanNumber().doubleValue())
          .isCloseTo(0, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(channel.stdNumber().doubleValue())
          .isCloseTo(1, org.assertj.core.data.Offset.offset(1e-2));
    }
  }

  @Test
  void trainingPathsAndMinibatchesDivideOneAnother() {
    // Shards of 8: paths of 8 suit minibatches of 4, 8 or 16; minibatches of 6 get paths of 2.
    assertThat(ShardInput.forTraining(manifest, Augmentation.NONE, 1, 4).examplesPerPath())
        .isEqualTo(8);
    assertThat(ShardInput.forTraining(manifest, Augmentation.NONE, 1, 16).examplesPerPath())
        .isEqualTo(8);
    assertThat(ShardInput.forTraining(manifest, Augmentation.NONE, 1, 6).examplesPerPath())
        .isEqualTo(2);
  }

  @Test
  void trainsThroughFitPaths() {
    fitPaths(ShardInput.of(manifest, "train", Augmentation.CIFAR, 5), 4);
  }

  /**
   * Minibatches of 6 from shards of 8: paths of 8 would straddle minibatches, paths of 2 do not.
   */
  @Test
  void trainsMinibatchesThatShardsDoNotDivide() {
    fitPaths(ShardInput.forTraining(manifest, Augmentation.CIFAR, 5, 6), 6);
  }

  private static void fitPaths(ShardInput input, int batch) {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .updater(new Sgd(0.01))
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(
                InputType.convolutional(manifest.height(), manifest.width(), manifest.channels()))
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(manifest.numClasses())
                    .activation(Activation.SOFTMAX)
                    .build(),
                "in")
            .setOutputs("out")
            .build();
    // numWorkers must be given: DL4J 1.0.0-M2's path training reads it from the
    // SparkDl4jMultiLayer, which is null for a graph (NullPointerException).
    ParameterAveragingTrainingMaster master =
        new ParameterAveragingTrainingMaster.Builder(2, input.examplesPerPath())
            .batchSizePerWorker(batch)
            .averagingFrequency(2)
            .workerPrefetchNumBatches(2)
            .build();
    SparkComputationGraph graph = new SparkComputationGraph(jsc, conf, master);
    graph.fitPaths(jsc.parallelize(input.paths(), 2), input.loader());
    assertThat(graph.getNetwork().getIterationCount()).isGreaterThan(0);
    assertThat(graph.getScore()).isFinite();
  }
}
