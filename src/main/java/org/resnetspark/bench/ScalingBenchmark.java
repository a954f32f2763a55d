package org.resnetspark.bench;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.JvmFlags;
import org.resnetspark.config.Settings;
import org.resnetspark.data.Manifest;
import org.resnetspark.job.ModelSpec;
import org.resnetspark.model.ModelSummary;
import org.resnetspark.progress.Progress;
import org.resnetspark.train.DistributedTrainer;

/**
 * Where an averaging round's time goes as executors are added: a standalone cluster on loopback
 * ({@link LoopbackCluster}) with as many one-core executor JVMs as the most executors asked for,
 * and at each executor count N as many workers (DL4J's {@code numWorkers}, one task per worker and
 * round, so N executors work and any other waits), the same Fashion-MNIST images trained through
 * {@link DistributedTrainer} as {@code train} trains them, with DL4J's training stats on and a
 * Spark listener. Each configuration trains one uncounted epoch (JIT, ND4J start-up, the executors'
 * first classes), then times the rounds of the next ({@link RoundBreakdown}).
 */
public final class ScalingBenchmark {
  /**
   * The depth of the {@code treeAggregate} that brings the workers' results to the driver: DL4J's
   * {@code ParameterAveragingTrainingMaster.Builder} default, which {@link DistributedTrainer}
   * keeps.
   */
  public static final int AGGREGATION_DEPTH = 2;

  private static final int WORKER_MEMORY_MB = 2048;
  private static final int EXECUTOR_MEMORY_MB = 1536;

  /** Fashion-MNIST's own side: images are trained as they are. */
  public static final int NATIVE_SIDE = 28;

  /**
   * What to measure: every variant at every executor count and averaging frequency, on images
   * {@code side} pixels square ({@link #NATIVE_SIDE}, or Fashion-MNIST resized as {@code prepare
   * --set data.resize} does and centre-cropped to {@code side}); {@code classpath} is what the
   * cluster's JVMs and the executors run.
   */
  public record Options(
      List<String> variants,
      List<Integer> executors,
      List<Integer> averagingFrequencies,
      int images,
      int batch,
      int side,
      String classpath) {}

  /**
   * One configuration's rounds: the network's size, the bytes of parameters plus updater state
   * (what each broadcast and each task result carries), and per round what the executors fetched as
   * broadcast blocks and what the tasks' results weighed, as Spark counted them.
   */
  public record Measurement(
      String variant,
      int executors,
      int averagingFrequency,
      int batch,
      long trainableParams,
      long multiplyAdds,
      long payloadBytes,
      double broadcastBytesPerRound,
      double resultBytesPerRound,
      RoundBreakdown breakdown) {

    /** Training FLOPs of one worker's share of a round: 3 passes x 2 x multiply-adds per image. */
    public double workerFlops() {
      return 6.0 * multiplyAdds * batch * averagingFrequency;
    }

    /** This measurement as the cost model takes it: GFLOP, megabytes and the four parts. */
    public RoundCostModel.Sample sample() {
      RoundBreakdown b = breakdown;
      return new RoundCostModel.Sample(
          variant,
          executors,
          workerFlops() / 1e9,
          payloadBytes / 1e6,
          AGGREGATION_DEPTH,
          b.computeMs(),
          b.broadcastMs(),
          b.aggregateMs(),
          b.overheadMs(),
          b.roundMs());
    }
  }

  private ScalingBenchmark() {}

  public static List<Measurement> run(Path workDir, Options o)
      throws IOException, InterruptedException {
    int most = o.executors().stream().mapToInt(Integer::intValue).max().orElseThrow();
    List<Measurement> out = new ArrayList<>();
    Map<Integer, Manifest> shards = new HashMap<>();
    try (LoopbackCluster cluster =
        LoopbackCluster.start(workDir.resolve("cluster"), most, WORKER_MEMORY_MB, o.classpath())) {
      SparkSession spark = session(cluster, most, o.classpath());
      try {
        RoundTimeline timeline = new RoundTimeline();
        spark.sparkContext().addSparkListener(timeline);
        for (int executors : o.executors()) {
          for (String variant : o.variants()) {
            for (int k : o.averagingFrequencies()) {
              Manifest manifest =
                  shards.computeIfAbsent(
                      k,
                      f ->
                          BenchShards.fashionMnist(
                              spark,
                              workDir.resolve("shards-" + f),
                              o.images(),
                              o.batch() * f,
                              o.side()));
              out.add(measure(spark, timeline, manifest, variant, executors, k, o.batch()));
            }
          }
        }
      } finally {
        spark.stop();
      }
    }
    return out;
  }

  private static Measurement measure(
      SparkSession spark,
      RoundTimeline timeline,
      Manifest manifest,
      String variant,
      int executors,
      int k,
      int batch) {
    Settings settings = settings(variant, executors, k, batch);
    ModelSpec spec = ModelSpec.of(settings, manifest);
    ComputationGraph net = spec.build();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    DistributedTrainer trainer =
        new DistributedTrainer(
            sc,
            net,
            settings.train(),
            manifest,
            new Progress(new PrintStream(OutputStream.nullOutputStream())));
    trainer.trainEpoch(1);
    long from = System.currentTimeMillis();
    long broadcastBefore = timeline.broadcastBytesToExecutors();
    trainer.trainEpoch(2);
    // Listener events arrive on Spark's bus thread; the breakdown needs all of them.
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener events did not arrive within 10 s", e);
    }
    RoundBreakdown breakdown = RoundBreakdown.of(trainer.trainingStats(), timeline, from);
    long broadcast = timeline.broadcastBytesToExecutors() - broadcastBefore;
    ModelSummary summary = ModelSummary.of(spec.variant(), spec.options());
    return new Measurement(
        spec.variant().name(),
        executors,
        k,
        batch,
        summary.trainableParams(),
        summary.multiplyAdds(),
        payloadBytes(trainer.network()),
        (double) broadcast / breakdown.rounds(),
        breakdown.resultBytes(),
        breakdown);
  }

  /**
   * This JVM's classpath with every entry made absolute: the executors start in the workers'
   * folders, where a relative entry names nothing.
   */
  public static String ownClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Parameters (batch-norm statistics included) and updater state, as they travel. */
  static long payloadBytes(ComputationGraph net) {
    INDArray params = net.params();
    long bytes = params.length() * params.data().getElementSize();
    INDArray state = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
    if (state != null) {
      bytes += state.length() * state.data().getElementSize();
    }
    return bytes;
  }

  private static Settings settings(String variant, int executors, int k, int batch) {
    return ConfigLoader.load(
        null,
        List.of(
            "model.variant=" + variant,
            "train.epochs=2",
            "train.workers=" + executors,
            "train.batch-size-per-worker=" + batch,
            "train.averaging-frequency=" + k,
            "train.augmentation=none",
            "train.schedule.type=constant",
            // What is timed does not depend on the rate; a small one keeps ResNet-50 on minibatches
            // of 8 from diverging in its first rounds, and a loss that explodes anyway is no reason
            // to stop a benchmark (a NaN still is).
            "train.learning-rate=0.01",
            "train.max-loss-factor=0",
            "train.collect-stats=true"));
  }

  private static SparkSession session(LoopbackCluster cluster, int executors, String classpath) {
    // DL4J timestamps its stats with an NTP clock unless told otherwise, on executors too.
    String clock =
        "-D"
            + TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY
            + "="
            + SystemClockTimeSource.class.getName();
    return SparkSession.builder()
        .appName("bench-scaling-" + executors)
        .master(cluster.masterUrl())
        .config("spark.cores.max", executors)
        .config("spark.executor.cores", 1)
        .config("spark.executor.memory", EXECUTOR_MEMORY_MB + "m")
        .config("spark.executor.extraClassPath", classpath)
        .config("spark.executor.extraJavaOptions", JvmFlags.all() + " " + clock)
        // One core per executor: without this libnd4j's OpenMP starts a thread per machine core.
        .config("spark.executorEnv.OMP_NUM_THREADS", "1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        // Wait for every executor before the first job, so work is spread over all of them.
        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
        .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s")
        .getOrCreate();
  }
}
