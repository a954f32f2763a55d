package org.resnetspark.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's parameter-averaging master with four changes to a round of a {@link ComputationGraph},
 * none to what is computed:
 *
 * <ul>
 *   <li>told how many paths the next round holds: its {@code fitPaths} counts them with a Spark job
 *       of its own before the training job, only to decide whether to split them; a round of the
 *       plan never needs splitting and its size is known on the driver, so that job (one per round,
 *       pure overhead) is not run. Without a size given, the count runs as before.
 *   <li>the broadcast and the workers' results travel with their arrays as raw bytes ({@link
 *       PackedBroadcast}, {@link RoundSum}) instead of ND4J's serial form, which writes and reads
 *       one element at a time.
 *   <li>a round releases what it made once it is done: DL4J leaves every round's broadcast and its
 *       persisted worker results (parameters and updater state, per worker) for Spark's cleaner to
 *       find after a garbage collection of the driver.
 *   <li>a worker trains the network its executor built in an earlier round, with the round's
 *       parameters, updater state and rates copied in ({@link ReusedNetworkWorker}), instead of
 *       building one from the broadcast in every round.
 * </ul>
 *
 * <p>{@code -Dresnetspark.averaging.transfer=dl4j} on the driver keeps DL4J's own broadcast, serial
 * form, aggregation and worker (for comparison, or should the packed form ever fail on a backend);
 * {@code -Dresnetspark.averaging.worker-network=rebuild} only DL4J's worker.
 */
final class PlannedRoundMaster extends ParameterAveragingTrainingMaster {
  /** The system property that selects {@code packed} (default) or {@code dl4j}. */
  static final String TRANSFER_PROPERTY = "resnetspark.averaging.transfer";

  /** The system property that selects {@code reuse} (default) or {@code rebuild}. */
  static final String NETWORK_PROPERTY = "resnetspark.averaging.worker-network";

  private static final long UNKNOWN = -1;
  private long nextRoundPaths = UNKNOWN;
  private transient Broadcast<NetBroadcastTuple> roundBroadcast;

  PlannedRoundMaster(Builder builder) {
    super(builder);
  }

  /** The number of paths the next {@code fitPaths} receives. */
  void nextRoundHolds(long paths) {
    nextRoundPaths = paths;
  }

  @Override
  protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(
      JavaRDDLike<T, R> trainingData) {
    long known = nextRoundPaths;
    nextRoundPaths = UNKNOWN;
    return known == UNKNOWN ? super.getTotalDataSetObjectCount(trainingData) : known;
  }

  /** Whether rounds travel in the packed form: {@link #TRANSFER_PROPERTY}, read when asked. */
  static boolean packed() {
    return choice(TRANSFER_PROPERTY, "packed", "dl4j");
  }

  /**
   * Whether a worker trains the network its executor built in an earlier round ({@link
   * ReusedNetworkWorker}): {@link #NETWORK_PROPERTY}, read when asked.
   */
  static boolean reuseNetworks() {
    return choice(NETWORK_PROPERTY, "reuse", "rebuild");
  }

  /** Whether {@code -Dproperty} is {@code yes} (also when unset) rather than {@code no}. */
  private static boolean choice(String property, String yes, String no) {
    String value = System.getProperty(property, yes);
    if (value.equals(yes) || value.equals(no)) {
      return value.equals(yes);
    }
    throw new IllegalArgumentException(
        "Invalid -D" + property + ": " + value + " (expected " + yes + " or " + no + ")");
  }

  @Override
  public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
    if (!packed()) {
      return super.getWorkerInstance(graph);
    }
    releaseBroadcast();
    ComputationGraph net = graph.getNetwork();
    NetBroadcastTuple tuple =
        new PackedBroadcast(
            net.getConfiguration(), net.params(), net.getUpdater().getStateViewArray());
    if (collectTrainingStats) {
      stats.logBroadcastStart();
    }
    roundBroadcast = graph.getSparkContext().broadcast(tuple);
    if (collectTrainingStats) {
      stats.logBroadcastEnd();
    }
    WorkerConfiguration configuration =
        new WorkerConfiguration(
            true,
            rddDataSetNumExamples,
            batchSizePerWorker,
            averagingFrequency,
            prefetchNumBatches,
            collectTrainingStats);
    return new ReusedNetworkWorker(
        roundBroadcast,
        saveUpdater,
        configuration,
        trainingHookList,
        listeners,
        getRouterProvider(),
        reuseNetworks());
  }

  @Override
  protected void processResults(
      SparkDl4jMultiLayer network,
      SparkComputationGraph graph,
      JavaRDD<ParameterAveragingTrainingResult> results,
      int splitNum,
      int totalSplits) {
    if (graph == null || statsStorage != null || !packed()) {
      super.processResults(network, graph, results, splitNum, totalSplits);
      return;
    }
    try {
      if (collectTrainingStats) {
        stats.logAggregateStartTime();
      }
      RoundSum sum = results.treeAggregate(null, RoundSum::add, RoundSum::merge, aggregationDepth);
      if (collectTrainingStats) {
        stats.logAggregationEndTime();
        stats.logProcessParamsUpdaterStart();
      }
      boolean trained = sum != null && sum.hasParams();
      if (trained) {
        ComputationGraph net = graph.getNetwork();
        INDArray params = sum.meanParams();
        params.setCloseable(false);
        net.setParams(params);
        INDArray state = sum.meanUpdaterState();
        if (state != null) {
          net.getUpdater().setStateViewArray(state);
        }
        graph.setScore(sum.meanScore());
      }
      if (collectTrainingStats) {
        stats.logProcessParamsUpdaterEnd();
        stats.addWorkerStats(trained ? sum.stats() : null);
      }
      Nd4j.getExecutioner().commit();
      if (trained) {
        ComputationGraphConfiguration conf = graph.getNetwork().getConfiguration();
        conf.setIterationCount(conf.getIterationCount() + averagingFrequency);
      }
    } finally {
      results.unpersist(false);
      releaseBroadcast();
    }
  }

  private void releaseBroadcast() {
    if (roundBroadcast != null) {
      roundBroadcast.destroy();
      roundBroadcast = null;
    }
  }
}
