package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.resnetspark.train.TrainFixtures.load;
import static org.resnetspark.train.TrainFixtures.quiet;
import static org.resnetspark.train.TrainFixtures.settings;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.ShardInput;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.eval.SparkEvaluator;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;
import org.resnetspark.testing.SparkClusters;

/**
 * The losses training and evaluation report are the cross-entropy of the network's outputs alone,
 * computed here by hand from the outputs and labels, on a ResNet-8 with a weight decay large enough
 * that DL4J's score (cross-entropy plus the decay term) is clearly another number. 60 Fashion-MNIST
 * images per split, in shards of 10, on {@code local[2]}.
 */
class ReportedLossTest {
  static final double WEIGHT_DECAY = 0.05;
  @TempDir static Path dir;
  static SparkSession spark;
  static JavaSparkContext sc;
  static Manifest manifest;

  @BeforeAll
  static void start() {
    spark = SparkClusters.local(ReportedLossTest.class, 2);
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    manifest = TrainFixtures.fashionShards(spark, dir.resolve("shards"), 6, 10);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static ComputationGraph resnet8() {
    Variant variant = Variants.parse("resnet8");
    return ResNets.build(
        variant,
        ModelOptions.defaultsFor(variant).withClasses(10).withInput(28, 28, 1),
        new Optimization(new Nesterovs(0.01, 0.9), WEIGHT_DECAY, 7),
        ConvolutionEngine.STOCK);
  }

  @Test
  void trainingLossIsTheCrossEntropyOfTheMinibatchesAsTrained() throws Exception {
    // 2 workers x one minibatch of 30: one round over the 60 training images.
    ComputationGraph net = resnet8();
    ComputationGraph before = net.clone();
    DistributedTrainer trainer =
        new DistributedTrainer(
            sc,
            net,
            settings("train.batch-size-per-worker=30", "train.averaging-frequency=1"),
            manifest,
            quiet());
    List<RoundPlan.Round> plan = trainer.plan(1);
    DataSetLoader loader = trainer.input(1).loader();

    EpochResult epoch = trainer.trainEpoch(1);

    assertThat(plan).hasSize(1);
    double lossSum = 0;
    long correct = 0;
    double dl4jScoreSum = 0;
    for (List<String> share : plan.get(0).shares()) {
      DataSet minibatch = load(loader, share);
      // Training mode, as the worker's fit ran it: batch norm on the minibatch's statistics.
      INDArray p = before.feedForward(minibatch.getFeatures(), true).get(outputName(before));
      lossSum += crossEntropySum(p, minibatch.getLabels());
      correct += correct(p, minibatch.getLabels());
      dl4jScoreSum += before.clone().score(minibatch, true) * minibatch.numExamples();
    }
    double expectedLoss = lossSum / 60;
    assertThat(epoch.trained().examples()).isEqualTo(60);
    assertThat(epoch.trainLoss()).isCloseTo(expectedLoss, within(1e-4));
    assertThat(epoch.trainError()).isCloseTo(1 - correct / 60.0, within(1e-9));
    // DL4J's score is that loss plus the decay term of the parameters it was computed with.
    double penaltyBefore = DistributedTrainer.penalty(before);
    assertThat(penaltyBefore).isGreaterThan(0.1);
    assertThat(dl4jScoreSum / 60).isCloseTo(expectedLoss + penaltyBefore, within(1e-3));
    assertThat(epoch.penalty())
        .isCloseTo(DistributedTrainer.penalty(trainer.network()), within(1e-12));
  }

  @Test
  void evaluationLossIsTheCrossEntropyOfTheOutputs() throws Exception {
    ComputationGraph net = resnet8();
    ShardInput val = ShardInput.of(manifest, "val", Augmentation.NONE, 0);
    List<String> classes = manifest.classes().stream().map(Manifest.ClassEntry::id).toList();

    EvalResult result = SparkEvaluator.evaluate(sc, net, val, classes, 2);

    double lossSum = 0;
    double dl4jScoreSum = 0;
    long examples = 0;
    for (String path : val.paths()) {
      DataSet batch = load(val.loader(), List.of(path));
      INDArray p = net.outputSingle(false, batch.getFeatures());
      lossSum += crossEntropySum(p, batch.getLabels());
      dl4jScoreSum += net.score(batch, false) * batch.numExamples();
      examples += batch.numExamples();
    }
    assertThat(result.examples()).isEqualTo(60).isEqualTo(examples);
    assertThat(result.loss()).isCloseTo(lossSum / examples, within(1e-5));
    assertThat(result.penalty()).isGreaterThan(0.1);
    assertThat(result.loss() + result.penalty()).isCloseTo(dl4jScoreSum / examples, within(1e-4));
  }

  private static String outputName(ComputationGraph net) {
    return net.getConfiguration().getNetworkOutputs().get(0);
  }

  /** Sum over examples of -ln p(label), in plain doubles. */
  private static double crossEntropySum(INDArray probabilities, INDArray labels) {
    double sum = 0;
    for (int i = 0; i < probabilities.rows(); i++) {
      sum -= Math.log(probabilities.getDouble(i, label(labels, i)));
    }
    return sum;
  }

  private static long correct(INDArray probabilities, INDArray labels) {
    long correct = 0;
    for (int i = 0; i < probabilities.rows(); i++) {
      int best = 0;
      for (int c = 1; c < probabilities.columns(); c++) {
        if (probabilities.getDouble(i, c) > probabilities.getDouble(i, best)) {
          best = c;
        }
      }
      correct += best == label(labels, i) ? 1 : 0;
    }
    return correct;
  }

  private static int label(INDArray labels, int row) {
    for (int c = 0; c < labels.columns(); c++) {
      if (labels.getDouble(row, c) == 1) {
        return c;
      }
    }
    throw new IllegalArgumentException("Row " + row + " has no label");
  }
}
