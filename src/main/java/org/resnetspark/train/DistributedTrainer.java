package org.resnetspark.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;
import org.nd4j.linalg.factory.Nd4j;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.ShardInput;
import org.resnetspark.model.OutputScore;
import org.resnetspark.progress.Progress;

/**
 * Synchronous parameter averaging over Spark executors with DL4J's {@link
 * ParameterAveragingTrainingMaster}: in each round every worker fits {@code averagingFrequency}
 * minibatches of {@code batchSizePerWorker} from the same parameters, then parameters and updater
 * state are averaged on the driver.
 *
 * <p>The driver hands each round its own slice of shard paths, so it can set the learning rate from
 * global progress before the round and report loss and throughput after it. Executors read and
 * decode the shards themselves ({@code fitPaths}); only path strings leave the driver.
 */
public final class DistributedTrainer {
  private static final String TIME_SOURCE_PROPERTY =
      TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY;
  private final JavaSparkContext sc;
  private final SparkComputationGraph sparkNet;
  private final PlannedRoundMaster master;
  private final TrainSettings settings;
  private final Manifest manifest;
  private final Augmentation augmentation;
  private final LearningRateSchedule schedule;
  private final WarmupGate warmup;
  private final int workers;
  private final int pathsPerWorker;
  private final Progress progress;
  private final ScoreAccumulator scores = new ScoreAccumulator();
  private final ScoreAccumulator firstScores = new ScoreAccumulator();
  private final RoundCheck check;
  private long globalStep;
  private double rateScale = 1;
  private RoundListener afterRound = RoundListener.NONE;

  public DistributedTrainer(
      JavaSparkContext sc,
      ComputationGraph net,
      TrainSettings settings,
      Manifest manifest,
      Progress progress) {
    this.sc = sc;
    this.settings = settings;
    this.manifest = manifest;
    this.progress = progress;
    this.augmentation = settings.augmentation();
    this.schedule =
        new LearningRateSchedule(settings.learningRate(), settings.schedule(), settings.epochs());
    this.warmup = new WarmupGate(settings.schedule().errorWarmup());
    this.check = new RoundCheck(settings.onDivergence(), manifest.numClasses());
    check.unreachableLimitNotice().ifPresent(progress::line);
    this.workers = settings.workers() > 0 ? settings.workers() : sc.defaultParallelism();
    ShardInput input =
        ShardInput.forTraining(manifest, augmentation, 0, settings.batchSizePerWorker());
    int examplesPerPath = input.examplesPerPath();
    TrainingChecks.checkModel(net, manifest);
    TrainingChecks.checkShape(settings, manifest, examplesPerPath, workers);
    TrainingChecks.checkWorkers(settings, input.paths().size(), workers);
    this.pathsPerWorker =
        settings.batchSizePerWorker() * settings.averagingFrequency() / examplesPerPath;
    shareLocalCores(sc, workers);
    if (settings.collectStats()) {
      useSystemClockForStats();
    }
    // Each round arrives as one partition per worker share (see RoundPlan), at most
    // workers x pathsPerWorker paths: DL4J then neither splits it (balancedRandomSplit) nor, with
    // Repartition.Never, moves paths between workers. Not caching the path RDD (storageLevelStreams
    // null) saves a cached RDD per round that DL4J would never release.
    this.master =
        new PlannedRoundMaster(
            new ParameterAveragingTrainingMaster.Builder(workers, examplesPerPath)
                .batchSizePerWorker(settings.batchSizePerWorker())
                .averagingFrequency(settings.averagingFrequency())
                .workerPrefetchNumBatches(2)
                .saveUpdater(true)
                .repartionData(Repartition.Never)
                .storageLevelStreams(null)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .collectTrainingStats(settings.collectStats())
                .rngSeed(settings.seed()));
    sc.sc().register(scores, "minibatch scores");
    sc.sc().register(firstScores, "first minibatch scores");
    MinibatchScores minibatchScores = new MinibatchScores(scores, firstScores);
    master.addHook(minibatchScores);
    master.setListeners(List.of(minibatchScores));
    this.sparkNet = new SparkComputationGraph(sc, net, master);
  }

  /**
   * In local mode every worker is a thread of this JVM: give each its share of the cores, or ND4J's
   * own thread pools oversubscribe them (measured: 30 vs 42 img/s for the demo on 2 cores).
   */
  private static void shareLocalCores(JavaSparkContext sc, int workers) {
    if (sc.master().startsWith("local[") || sc.master().equals("local")) {
      int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
      Nd4j.getEnvironment().setMaxThreads(threads);
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }
  }

  /**
   * DL4J timestamps its training stats with an NTP clock by default, which fails where no NTP
   * server answers. The system clock is enough on one machine; this sets it for the driver and, in
   * local mode, the workers. Executors on a cluster need the same system property among their JVM
   * options.
   */
  private static void useSystemClockForStats() {
    if (System.getProperty(TIME_SOURCE_PROPERTY) == null) {
      System.setProperty(TIME_SOURCE_PROPERTY, SystemClockTimeSource.class.getName());
    }
  }

  public int workers() {
    return workers;
  }

  public ComputationGraph network() {
    return sparkNet.getNetwork();
  }

  public long globalStep() {
    return globalStep;
  }

  /** Continues from a checkpoint's position. */
  public void resumeAt(long step) {
    this.globalStep = step;
  }

  /**
   * Goes back to a checkpoint: its parameters (batch-norm statistics included) and updater state
   * (momentum) replace the network's, and training continues from its global step. The next round
   * broadcasts these parameters to every worker.
   */
  public void rollBackTo(ComputationGraph saved, long step) {
    ComputationGraph net = sparkNet.getNetwork();
    net.setParams(saved.params());
    if (saved.getUpdater() != null && saved.getUpdater().getStateViewArray() != null) {
      net.getUpdater().setStateViewArray(saved.getUpdater().getStateViewArray());
    }
    resumeAt(step);
  }

  /** Multiplies every rate the schedule gives from now on by {@code factor}. */
  public void scaleLearningRate(double factor) {
    rateScale *= factor;
  }

  /** The product of the factors given to {@link #scaleLearningRate}; 1 at the start. */
  public double learningRateScale() {
    return rateScale;
  }

  /**
   * DL4J's timings of everything trained so far (fit, broadcast, averaging, per-worker fit), or
   * null unless {@code train.collect-stats} is on.
   */
  public SparkTrainingStats trainingStats() {
    return sparkNet.getSparkTrainingStats();
  }

  /** A hook that runs inside every worker around each minibatch it fits. */
  void addWorkerHook(TrainingHook hook) {
    sparkNet.getTrainingMaster().addHook(hook);
  }

  /** Seed of an epoch's data order and augmentation: fixed by the run seed and the epoch. */
  public static long epochSeed(long seed, int epoch) {
    return seed * 1_000_003L + epoch;
  }

  /** The epoch's input: paths, loader and augmentation seeded for that epoch. */
  public ShardInput input(int epoch) {
    return input(epochSeed(settings.seed(), epoch));
  }

  private ShardInput input(long planSeed) {
    return ShardInput.forTraining(manifest, augmentation, planSeed, settings.batchSizePerWorker());
  }

  /** Which worker fits which paths in each round of an epoch. */
  public List<RoundPlan.Round> plan(int epoch) {
    return plan(epochSeed(settings.seed(), epoch));
  }

  private List<RoundPlan.Round> plan(long planSeed) {
    List<String> paths = new ArrayList<>(input(planSeed).paths());
    Collections.shuffle(paths, new Random(planSeed));
    return RoundPlan.deal(paths, workers, pathsPerWorker);
  }

  /** Tells {@code listener} about every round from now on (one listener; the last one set). */
  public void afterEachRound(RoundListener listener) {
    this.afterRound = listener;
  }

  /** Trains every round of {@code epoch}. */
  public EpochResult trainEpoch(int epoch) {
    long planSeed = epochSeed(settings.seed(), epoch);
    return continueEpoch(
        new EpochPosition(epoch, 0, plan(planSeed).size(), planSeed, OutputScore.NONE));
  }

  /**
   * Trains the rounds of an epoch that {@code from} has not done yet, with the plan of its seed:
   * the same data order, augmentation and learning rates as if the epoch had not been interrupted.
   */
  public EpochResult continueEpoch(EpochPosition from) {
    int epoch = from.epoch();
    ShardInput input = input(from.planSeed());
    List<RoundPlan.Round> rounds = plan(from.planSeed());
    if (from.round() >= rounds.size() || from.rounds() != rounds.size()) {
      throw new IllegalStateException(
          String.format(
              "Cannot continue epoch %d after round %d of %d: its plan has %d rounds (the data or"
                  + " the number of workers changed since)",
              epoch, from.round(), from.rounds(), rounds.size()));
    }
    int totalPaths = input.paths().size();
    long pathsBefore = 0;
    for (int r = 0; r < from.round(); r++) {
      pathsBefore += rounds.get(r).paths();
    }
    long start = System.nanoTime();
    long pathsDone = pathsBefore;
    double lr = 0;
    scores.reset();
    OutputScore before = OutputScore.NONE;
    for (int r = from.round(); r < rounds.size(); r++) {
      // Global progress: the fraction of the epoch's data all workers together have fitted.
      lr = rateScale * warmup.rate(schedule.rateAt((epoch - 1) + (double) pathsDone / totalPaths));
      sparkNet.getNetwork().setLearningRate(lr);
      RoundPlan.Round round = rounds.get(r);
      master.nextRoundHolds(round.paths());
      sparkNet.fitPaths(onePartitionPerShare(round), input.loader());
      OutputScore sum = scores.value();
      OutputScore trained = minus(sum, before);
      before = sum;
      double loss = trained.loss();
      globalStep++;
      check.start(firstScores.value()).ifPresent(progress::line);
      // DL4J's score is the data loss plus the penalty: it turns NaN or infinite with either.
      check.afterRound(
          trained, sparkNet.getScore(), sparkNet.getNetwork(), epoch, r + 1, globalStep, lr);
      warmup.afterRound(trained).ifPresent(progress::line);
      pathsDone += round.paths();
      afterRound.roundDone(
          new EpochPosition(
              epoch, r + 1, rounds.size(), from.planSeed(), from.trainedSoFar().plus(sum)),
          globalStep,
          lr);
      double elapsed = (System.nanoTime() - start) / 1e9;
      double rate = examplesOf(pathsDone - pathsBefore, input) / elapsed;
      double eta = elapsed / (r + 1 - from.round()) * (rounds.size() - r - 1);
      progress.round(
          epoch, settings.epochs(), r + 1, rounds.size(), globalStep, loss, lr, rate, eta);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EpochResult(
        epoch,
        globalStep,
        from.trainedSoFar().plus(scores.value()),
        penalty(sparkNet.getNetwork()),
        lr,
        input.examples(),
        examplesOf(pathsDone - pathsBefore, input) / seconds,
        seconds);
  }

  /** Examples in {@code paths} shard paths (the last path of an epoch may hold fewer). */
  private static double examplesOf(long paths, ShardInput input) {
    return Math.min(paths * input.examplesPerPath(), input.examples());
  }

  /**
   * The regularisation term DL4J adds to a minibatch's loss in its score: weight decay over every
   * weight of the network. Reported beside the data loss, never inside it.
   */
  public static double penalty(ComputationGraph net) {
    return net.calcRegularizationScore(true);
  }

  private static OutputScore minus(OutputScore a, OutputScore b) {
    return new OutputScore(
        a.lossSum() - b.lossSum(),
        a.top1() - b.top1(),
        a.top5() - b.top5(),
        a.examples() - b.examples());
  }

  /** Partition i holds share i, in order: parallelize slices n elements into n partitions. */
  private JavaRDD<String> onePartitionPerShare(RoundPlan.Round round) {
    return sc.parallelize(round.shares(), round.workers()).flatMap(List::iterator);
  }
}
