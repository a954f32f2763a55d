package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.resnetspark.train.TrainFixtures.load;
import static org.resnetspark.train.TrainFixtures.maxAbsDiff;
import static org.resnetspark.train.TrainFixtures.quiet;
import static org.resnetspark.train.TrainFixtures.settings;
import static org.resnetspark.train.TrainFixtures.tinyConvNet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
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
import org.nd4j.linalg.learning.config.Sgd;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Manifest;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;
import org.resnetspark.testing.SparkClusters;

/**
 * Parameter averaging through DL4J's real {@code ParameterAveragingTrainingMaster} and {@code
 * SparkComputationGraph.fitPaths} on {@code local[2]}, checked against the same arithmetic done in
 * one process on the same examples, with plain SGD and with the recipes' optimiser (Nesterov
 * momentum 0.9, weight decay 1e-4), and what averaging does to batch normalisation's running
 * statistics. 60 Fashion-MNIST training images in shards (and paths) of 10.
 */
class ParameterAveragingTest {
  static final double TOLERANCE = 1e-5;

  @TempDir static Path dir;
  static SparkSession spark;
  static JavaSparkContext sc;
  static Manifest manifest;

  @BeforeAll
  static void start() {
    spark = SparkClusters.local(ParameterAveragingTest.class, 2);
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    manifest = TrainFixtures.fashionShards(spark, dir.resolve("shards"), 6, 10);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void oneRoundOfSingleStepsEqualsOneLargeBatchStep() throws Exception {
    // 2 workers x 30 examples x averaging frequency 1: one round covers all 60 examples.
    TrainSettings s = settings("train.batch-size-per-worker=30", "train.averaging-frequency=1");
    ComputationGraph net = tinyConvNet(28, 28, 1, 0.1);
    ComputationGraph largeBatch = net.clone();
    ComputationGraph firstWorkerAlone = net.clone();
    INDArray start = net.params().dup();
    DistributedTrainer trainer = new DistributedTrainer(sc, net, s, manifest, quiet());
    trainer.addWorkerHook(new WorkerRecorder("out"));
    List<RoundPlan.Round> plan = trainer.plan(1);
    DataSetLoader loader = trainer.input(1).loader();
    WorkerRecorder.drain();

    trainer.trainEpoch(1);

    assertThat(plan).hasSize(1);
    List<List<String>> shares = plan.get(0).shares();
    assertThat(shares).hasSize(2).allSatisfy(share -> assertThat(share).hasSize(3));
    List<WorkerRecorder.Minibatch> seen = byPartition(WorkerRecorder.drain());
    assertThat(seen).extracting(WorkerRecorder.Minibatch::partition).containsExactly(0, 1);
    for (int w = 0; w < 2; w++) {
      DataSet share = load(loader, shares.get(w));
      assertThat(seen.get(w).examples()).isEqualTo(30);
      assertThat(seen.get(w).sum()).isCloseTo(sum(share), within(1e-2));
    }
    List<String> union = new ArrayList<>(shares.get(0));
    union.addAll(shares.get(1));
    largeBatch.fit(load(loader, union));
    firstWorkerAlone.fit(load(loader, shares.get(0)));

    INDArray averaged = trainer.network().params();
    assertThat(maxAbsDiff(averaged, largeBatch.params())).isLessThan(TOLERANCE);
    assertThat(maxAbsDiff(averaged, start)).isGreaterThan(1e-3);
    assertThat(maxAbsDiff(averaged, firstWorkerAlone.params())).isGreaterThan(1e-3);
  }

  @Test
  void eachRoundIsOneSparkJob() throws Exception {
    // 2 workers x 10 examples, averaging frequency 1: three rounds of 20 examples.
    TrainSettings s = settings("train.batch-size-per-worker=10", "train.averaging-frequency=1");
    DistributedTrainer trainer =
        new DistributedTrainer(sc, tinyConvNet(28, 28, 1, 0.1), s, manifest, quiet());
    int rounds = trainer.plan(1).size();
    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.incrementAndGet();
          }
        };
    sc.sc().listenerBus().waitUntilEmpty();
    sc.sc().addSparkListener(counter);
    try {
      trainer.trainEpoch(1);
      sc.sc().listenerBus().waitUntilEmpty();
    } finally {
      sc.sc().removeSparkListener(counter);
    }

    assertThat(rounds).isEqualTo(3);
    assertThat(jobs.get()).as("Spark jobs in an epoch of %d rounds", rounds).isEqualTo(rounds);
  }

  @Test
  void severalMinibatchesPerRoundAverageTheWorkersIndependentResults() throws Exception {
    // 2 workers x 3 minibatches of 10 (averaging frequency 3): one round, 3 paths per worker.
    TrainSettings s = settings("train.batch-size-per-worker=10", "train.averaging-frequency=3");
    ComputationGraph net = tinyConvNet(28, 28, 1, 0.1);
    ComputationGraph start = net.clone();
    DistributedTrainer trainer = new DistributedTrainer(sc, net, s, manifest, quiet());
    trainer.addWorkerHook(new WorkerRecorder("out"));
    List<RoundPlan.Round> plan = trainer.plan(1);
    DataSetLoader loader = trainer.input(1).loader();
    WorkerRecorder.drain();

    trainer.trainEpoch(1);

    assertThat(plan).hasSize(1);
    List<List<String>> shares = plan.get(0).shares();
    List<WorkerRecorder.Minibatch> seen = byPartition(WorkerRecorder.drain());
    assertThat(seen).hasSize(6);
    List<INDArray> workerParams = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      ComputationGraph alone = start.clone();
      for (int b = 0; b < 3; b++) {
        DataSet minibatch = load(loader, List.of(shares.get(w).get(b)));
        WorkerRecorder.Minibatch fitted = seen.get(w * 3 + b);
        assertThat(fitted.partition()).isEqualTo(w);
        assertThat(fitted.iteration()).isEqualTo(b);
        assertThat(fitted.sum()).isCloseTo(sum(minibatch), within(1e-2));
        alone.fit(minibatch);
      }
      workerParams.add(alone.params().dup());
    }
    INDArray mean = workerParams.get(0).add(workerParams.get(1)).divi(2);

    INDArray averaged = trainer.network().params();
    assertThat(maxAbsDiff(averaged, mean)).isLessThan(TOLERANCE);
    assertThat(maxAbsDiff(averaged, start.params())).isGreaterThan(1e-3);
    assertThat(maxAbsDiff(workerParams.get(0), workerParams.get(1))).isGreaterThan(1e-3);
  }

  @Test
  void learningRateFollowsGlobalProgressNotWorkerIterations() {
    // 3 rounds of 2 x 10 examples per epoch; the rate drops by 10 at epochs 0.5 and 1.5.
    TrainSettings s =
        settings(
            "train.epochs=2",
            "train.batch-size-per-worker=10",
            "train.averaging-frequency=1",
            "train.schedule.type=step",
            "train.schedule.milestones=[0.5, 1.5]");
    DistributedTrainer trainer =
        new DistributedTrainer(sc, tinyConvNet(28, 28, 1, 0.1), s, manifest, quiet());
    trainer.addWorkerHook(new WorkerRecorder("out"));
    WorkerRecorder.drain();

    EpochResult first = trainer.trainEpoch(1);
    EpochResult second = trainer.trainEpoch(2);

    // Round r starts at progress (epoch - 1) + r/3: 0, 1/3, 2/3 | 1, 4/3, 5/3.
    double[] expected = {0.1, 0.1, 0.01, 0.01, 0.01, 0.001};
    Map<Integer, List<WorkerRecorder.Minibatch>> rounds =
        WorkerRecorder.drain().stream()
            .collect(
                Collectors.groupingBy(
                    WorkerRecorder.Minibatch::stage, TreeMap::new, Collectors.toList()));
    assertThat(rounds).hasSize(expected.length);
    int r = 0;
    for (List<WorkerRecorder.Minibatch> round : rounds.values()) {
      double rate = expected[r++];
      assertThat(round)
          .hasSize(2)
          .allSatisfy(m -> assertThat(m.learningRate()).isCloseTo(rate, within(1e-9)))
          // DL4J clones the configuration for each worker without its iteration count, so every
          // round starts again at iteration 0: a schedule on DL4J's iteration count would never
          // advance. The rate comes from the driver's global progress instead.
          .allSatisfy(m -> assertThat(m.iteration()).isZero());
    }
    assertThat(first.globalStep()).isEqualTo(3);
    assertThat(first.learningRate()).isCloseTo(0.01, within(1e-9));
    assertThat(second.globalStep()).isEqualTo(6);
    assertThat(second.learningRate()).isCloseTo(0.001, within(1e-9));
  }

  @Test
  void sameSeedAndClusterShapeGiveTheSameParameters() {
    // ResNet-8 with batch normalisation, Nesterov momentum and random crops and flips.
    TrainSettings s =
        settings(
            "train.epochs=2",
            "train.batch-size-per-worker=10",
            "train.averaging-frequency=1",
            "train.augmentation=cifar",
            "train.momentum=0.9");
    INDArray first = trainResNet8(s);
    INDArray second = trainResNet8(s);
    INDArray initial = resNet8().params();

    assertThat(maxAbsDiff(first, second)).isLessThan(TOLERANCE);
    assertThat(maxAbsDiff(first, initial)).isGreaterThan(1e-3);
  }

  @Test
  void workersReuseTheirNetworksAndTrainAsNetworksBuiltEachRound() {
    // ResNet-8 with batch normalisation and Nesterov momentum; the rate drops within each epoch, so
    // a network kept from an earlier round must take each round's rate.
    TrainSettings s =
        settings(
            "train.epochs=2",
            "train.batch-size-per-worker=10",
            "train.averaging-frequency=1",
            "train.augmentation=cifar",
            "train.momentum=0.9",
            "train.schedule.type=step",
            "train.schedule.milestones=[0.5, 1.5]");
    WorkerNetworks.release();
    long before = WorkerNetworks.reused();
    ComputationGraph reused = trainedResNet8(s);
    long reuses = WorkerNetworks.reused() - before;
    int kept = WorkerNetworks.idle();
    ComputationGraph rebuilt;
    System.setProperty(PlannedRoundMaster.NETWORK_PROPERTY, "rebuild");
    try {
      rebuilt = trainedResNet8(s);
    } finally {
      System.clearProperty(PlannedRoundMaster.NETWORK_PROPERTY);
    }

    // 3 rounds an epoch of 2 tasks: the first round's two networks train the other ten tasks.
    assertThat(reuses).isEqualTo(10);
    assertThat(kept).isEqualTo(2);
    assertThat(maxAbsDiff(reused.params(), rebuilt.params())).isLessThan(TOLERANCE);
    assertThat(
            maxAbsDiff(
                reused.getUpdater().getStateViewArray(), rebuilt.getUpdater().getStateViewArray()))
        .isLessThan(TOLERANCE);
    assertThat(maxAbsDiff(reused.params(), resNet8().params())).isGreaterThan(1e-3);
  }

  @Test
  void trainingStatsAreCollectedOnlyWhenAskedAndSavedWithTheRun() throws Exception {
    TrainSettings off = settings("train.batch-size-per-worker=10", "train.averaging-frequency=3");
    TrainSettings on =
        settings(
            "train.batch-size-per-worker=10",
            "train.averaging-frequency=3",
            "train.collect-stats=true");
    DistributedTrainer quietTrainer =
        new DistributedTrainer(sc, tinyConvNet(28, 28, 1, 0.1), off, manifest, quiet());
    DistributedTrainer trainer =
        new DistributedTrainer(sc, tinyConvNet(28, 28, 1, 0.1), on, manifest, quiet());
    trainer.trainEpoch(1);
    Path runDir = dir.resolve("run");

    TrainingStatsFiles.write(trainer.trainingStats(), runDir.toString(), sc);

    assertThat(off.collectStats()).isFalse();
    assertThat(quietTrainer.trainingStats()).isNull();
    Map<String, Map<String, Number>> events = TrainingStatsFiles.summary(trainer.trainingStats());
    assertThat(events)
        .containsKeys(
            "ParameterAveragingMasterFitTimesMs",
            "ParameterAveragingMasterBroadcastCreateTimesMs",
            "ParameterAveragingMasterAggregateTimesMs",
            "ParameterAveragingWorkerFitTimesMs");
    // One round; each of the 2 workers fits 3 minibatches.
    assertThat(events.get("ParameterAveragingMasterBroadcastCreateTimesMs").get("count"))
        .isEqualTo(1);
    assertThat(events.get("ParameterAveragingWorkerFitTimesMs").get("count")).isEqualTo(6);
    String json = Files.readString(runDir.resolve(TrainingStatsFiles.JSON));
    assertThat(json).contains("\"ParameterAveragingMasterAggregateTimesMs\"", "\"meanMs\"");
    assertThat(Files.readString(runDir.resolve(TrainingStatsFiles.HTML))).contains("<html");
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

  private static INDArray trainResNet8(TrainSettings s) {
    return trainedResNet8(s).params().dup();
  }

  private static ComputationGraph trainedResNet8(TrainSettings s) {
    DistributedTrainer trainer = new DistributedTrainer(sc, resNet8(), s, manifest, quiet());
    trainer.trainEpoch(1);
    trainer.trainEpoch(2);
    return trainer.network();
  }

  private static ComputationGraph resNet8() {
    Variant variant = Variants.parse("resnet8");
    return ResNets.build(
        variant,
        ModelOptions.defaultsFor(variant).withClasses(10).withInput(28, 28, 1),
        new Optimization(new Nesterovs(0.1, 0.9), 1e-4, 42));
  }

  private static List<WorkerRecorder.Minibatch> byPartition(List<WorkerRecorder.Minibatch> all) {
    return all.stream()
        .sorted(
            Comparator.comparingInt(WorkerRecorder.Minibatch::partition)
                .thenComparingInt(WorkerRecorder.Minibatch::iteration))
        .toList();
  }

  private static double sum(DataSet data) {
    return data.getFeatures().sumNumber().doubleValue();
  }
}
