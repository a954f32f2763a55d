package org.resnetspark.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.factory.Nd4j;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Augmentation;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.ShardInput;

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
  private final JavaSparkContext sc;
  private final SparkComputationGraph sparkNet;
  private final TrainSettings settings;
  private final Manifest manifest;
  private final Augmentation augmentation;
  private final LearningRateSchedule schedule;
  private final int workers;
  private final Progress progress;
  private long globalStep;

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
    this.augmentation = Augmentation.parse(settings.augmentation());
    this.schedule =
        new LearningRateSchedule(settings.learningRate(), settings.schedule(), settings.epochs());
    this.workers = settings.workers() > 0 ? settings.workers() : sc.defaultParallelism();
    shareLocalCores(sc, workers);
    int examplesPerPath = ShardInput.of(manifest, "train", augmentation, 0).examplesPerPath();
    checkShape(examplesPerPath);
    ParameterAveragingTrainingMaster master =
        new ParameterAveragingTrainingMaster.Builder(workers, examplesPerPath)
            .batchSizePerWorker(settings.batchSizePerWorker())
            .averagingFrequency(settings.averagingFrequency())
            .workerPrefetchNumBatches(2)
            .saveUpdater(true)
            .repartionData(Repartition.Always)
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            .rngSeed(settings.seed())
            .build();
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

  private void checkShape(int examplesPerPath) {
    int perRound = settings.batchSizePerWorker() * settings.averagingFrequency();
    if (examplesPerPath > perRound) {
      throw new ConfigException(
          "Shards of %d examples are larger than one worker's round of %d (train.batch-size-per-worker"
              + " %d x train.averaging-frequency %d): raise one of those or prepare with a smaller"
              + " data.shard-size",
          examplesPerPath, perRound, settings.batchSizePerWorker(), settings.averagingFrequency());
    }
    long trainExamples = manifest.examples("train");
    long share = trainExamples / workers;
    if (share < settings.batchSizePerWorker()) {
      throw new ConfigException(
          "train.batch-size-per-worker %d is larger than a worker's share of the data (%d examples"
              + " over %d workers): lower the batch size or train.workers",
          settings.batchSizePerWorker(), trainExamples, workers);
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

  /** Seed of an epoch's data order and augmentation: fixed by the run seed and the epoch. */
  public static long epochSeed(long seed, int epoch) {
    return seed * 1_000_003L + epoch;
  }

  public EpochResult trainEpoch(int epoch) {
    long seed = epochSeed(settings.seed(), epoch);
    ShardInput input = ShardInput.of(manifest, "train", augmentation, seed);
    List<String> paths = new ArrayList<>(input.paths());
    Collections.shuffle(paths, new Random(seed));
    List<List<String>> rounds = rounds(paths, input.examplesPerPath());
    long start = System.nanoTime();
    long seen = 0;
    double lr = 0;
    double loss = Double.NaN;
    for (int r = 0; r < rounds.size(); r++) {
      lr = schedule.rateAt((epoch - 1) + (double) r / rounds.size());
      sparkNet.getNetwork().setLearningRate(lr);
      List<String> slice = rounds.get(r);
      sparkNet.fitPaths(
          sc.parallelize(new ArrayList<>(slice), Math.min(workers, slice.size())), input.loader());
      loss = sparkNet.getScore();
      globalStep++;
      seen += (long) slice.size() * input.examplesPerPath();
      double elapsed = (System.nanoTime() - start) / 1e9;
      double rate = Math.min(seen, input.examples()) / elapsed;
      double eta = elapsed / (r + 1) * (rounds.size() - r - 1);
      progress.round(
          epoch, settings.epochs(), r + 1, rounds.size(), globalStep, loss, lr, rate, eta);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EpochResult(
        epoch, globalStep, loss, lr, input.examples(), input.examples() / seconds, seconds);
  }

  private List<List<String>> rounds(List<String> paths, int examplesPerPath) {
    int examplesPerRound = workers * settings.batchSizePerWorker() * settings.averagingFrequency();
    int pathsPerRound = Math.max(1, examplesPerRound / examplesPerPath);
    List<List<String>> rounds = new ArrayList<>();
    for (int i = 0; i < paths.size(); i += pathsPerRound) {
      rounds.add(paths.subList(i, Math.min(paths.size(), i + pathsPerRound)));
    }
    return rounds;
  }
}
