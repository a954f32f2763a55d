package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.resnetspark.train.TrainFixtures.load;
import static org.resnetspark.train.TrainFixtures.quiet;
import static org.resnetspark.train.TrainFixtures.settings;

import java.nio.file.Path;
import java.util.ArrayList;
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
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Manifest;
import org.resnetspark.testing.SparkClusters;

/**
 * Parameter averaging with the optimiser the recipes use (Nesterov momentum 0.9, weight decay 1e-4)
 * through DL4J's real training master on {@code local[2]}, against the same steps in one process;
 * and what averaging does to batch normalisation's running statistics. 60 Fashion-MNIST images in
 * shards of 10.
 */
class AveragingOptimiserTest {
  static final double TOLERANCE = 1e-5;

  @TempDir static Path dir;
  static SparkSession spark;
  static JavaSparkContext sc;
  static Manifest manifest;

  @BeforeAll
  static void start() {
    spark = SparkClusters.local(AveragingOptimiserTest.class, 2);
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    manifest = TrainFixtures.fashionShards(spark, dir.resolve("shards"), 6, 10);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void threeRoundsWithNesterovAndWeightDecayEqualThreeLargeBatchSteps() throws Exception {
    // 2 workers x 10 examples, averaging frequency 1: three rounds of 20 examples per epoch.
    // Nesterov's update is linear in the gradient and the momentum, and weight decay is linear in
    // the parameters that every worker starts the round from, so the average of the workers'
    // steps is one step on the union, for the parameters and for the momentum.
    TrainSettings s =
        settings(
            "train.batch-size-per-worker=10",
            "train.averaging-frequency=1",
            "train.momentum=0.9",
            "train.weight-decay=1e-4");
    ComputationGraph net =
        TrainFixtures.tinyConvNet(28, 28, 1, new Nesterovs(0.1, 0.9), 1e-4, false);
    ComputationGraph largeBatch = net.clone();
    INDArray start = net.params().dup();
    DistributedTrainer trainer = new DistributedTrainer(sc, net, s, manifest, quiet());
    List<RoundPlan.Round> plan = trainer.plan(1);
    DataSetLoader loader = trainer.input(1).loader();

    trainer.trainEpoch(1);

    assertThat(plan).hasSize(3);
    for (RoundPlan.Round round : plan) {
      List<String> union = new ArrayList<>();
      round.shares().forEach(union::addAll);
      assertThat(union).hasSize(2);
      largeBatch.fit(load(loader, union));
    }
    ComputationGraph averaged = trainer.network();
    assertThat(relativeL2(averaged.params(), largeBatch.params())).isLessThan(TOLERANCE);
    INDArray momentum = averaged.getUpdater().getStateViewArray();
    INDArray expectedMomentum = largeBatch.getUpdater().getStateViewArray();
    assertThat(momentum.length()).isEqualTo(averaged.params().length());
    assertThat(relativeL2(momentum, expectedMomentum)).isLessThan(TOLERANCE);
    assertThat(expectedMomentum.norm2Number().doubleValue()).isGreaterThan(1e-3);
    assertThat(relativeL2(averaged.params(), start)).isGreaterThan(1e-3);
  }

  @Test
  void batchNormRunningStatisticsAreTheMeanOfTheWorkersOwn() throws Exception {
    // One round, 2 workers x 30 examples. DL4J keeps a batch-norm layer's running statistics
    // among its parameters (the mean, and the log10 of the standard deviation: useLogStd), so
    // averaging the parameters averages them: the running mean is the arithmetic mean of the
    // workers' means and the running standard deviation the geometric mean of theirs.
    TrainSettings s = settings("train.batch-size-per-worker=30", "train.averaging-frequency=1");
    ComputationGraph net = TrainFixtures.tinyConvNet(28, 28, 1, new Sgd(0.1), 0, true);
    ComputationGraph start = net.clone();
    DistributedTrainer trainer = new DistributedTrainer(sc, net, s, manifest, quiet());
    List<RoundPlan.Round> plan = trainer.plan(1);
    DataSetLoader loader = trainer.input(1).loader();

    trainer.trainEpoch(1);

    assertThat(plan).hasSize(1);
    List<INDArray> means = new ArrayList<>();
    List<INDArray> logStds = new ArrayList<>();
    for (List<String> share : plan.get(0).shares()) {
      ComputationGraph alone = start.clone();
      alone.fit(load(loader, share));
      means.add(alone.getLayer("bn").getParam("mean").dup());
      logStds.add(alone.getLayer("bn").getParam("log10stdev").dup());
    }
    INDArray mean = means.get(0).add(means.get(1)).divi(2);
    INDArray logStd = logStds.get(0).add(logStds.get(1)).divi(2);
    ComputationGraph averaged = trainer.network();

    assertThat(relativeL2(averaged.getLayer("bn").getParam("mean"), mean)).isLessThan(TOLERANCE);
    assertThat(relativeL2(averaged.getLayer("bn").getParam("log10stdev"), logStd))
        .isLessThan(TOLERANCE);
    // The workers saw different images, so their statistics differ and the check is not vacuous.
    assertThat(relativeL2(means.get(0), means.get(1))).isGreaterThan(1e-3);
    assertThat(relativeL2(mean, start.getLayer("bn").getParam("mean"))).isGreaterThan(1e-3);
  }

  private static double relativeL2(INDArray actual, INDArray expected) {
    double norm = expected.norm2Number().doubleValue();
    return actual.sub(expected).norm2Number().doubleValue() / (norm == 0 ? 1 : norm);
  }
}
