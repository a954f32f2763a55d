package org.resnetspark.train;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.TaskCompletionListener;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats.ParameterAveragingTrainingWorkerStatsHelper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * DL4J's parameter-averaging worker, but a round's task trains the network an earlier round's task
 * built in the same executor ({@link WorkerNetworks}) when its configuration is the same apart from
 * the learning rate: the round's parameters and updater state are copied into it, and its layers
 * take the round's updater configurations. DL4J builds the network anew from the broadcast in every
 * round (for ResNet-50 about 1.3 to 1.9 s of a round, and the fast layers' buffers with it).
 *
 * <p>What a round computes is what a new network would: the same parameters, updater state and
 * updater configurations, and the iteration and epoch counts a new network gets (DL4J's {@code
 * ComputationGraphConfiguration.clone} leaves them at 0 on the worker). The result carries copies
 * of the arrays, since the network goes back to the pool when the task ends, before Spark
 * serialises the result. Used only inside a Spark task; elsewhere, with DL4J's statistics routed to
 * a stats storage, or built with {@code reuse} false, it is DL4J's own worker.
 */
final class ReusedNetworkWorker extends ParameterAveragingTrainingWorker {
  private static final long serialVersionUID = 1L;

  private final Broadcast<NetBroadcastTuple> broadcast;
  private final boolean reuse;
  private final Collection<TrainingListener> listeners;

  ReusedNetworkWorker(
      Broadcast<NetBroadcastTuple> broadcast,
      boolean saveUpdater,
      WorkerConfiguration configuration,
      Collection<TrainingHook> hooks,
      Collection<TrainingListener> listeners,
      StatsStorageRouterProvider routerProvider,
      boolean reuse) {
    super(broadcast, saveUpdater, configuration, hooks, listeners, routerProvider);
    this.broadcast = broadcast;
    this.reuse = reuse && routerProvider == null;
    this.listeners = listeners;
  }

  @Override
  public ComputationGraph getInitialModelGraph() {
    TaskContext task = TaskContext.get();
    if (task == null || !reuse) {
      return super.getInitialModelGraph();
    }
    ParameterAveragingTrainingWorkerStatsHelper stats = null;
    if (getDataConfiguration().isCollectTrainingStats()) {
      stats = new ParameterAveragingTrainingWorkerStatsHelper();
      stats.logBroadcastGetValueStart();
    }
    NetBroadcastTuple tuple = broadcast.getValue();
    if (stats != null) {
      stats.logBroadcastGetValueEnd();
    }
    ComputationGraphConfiguration round = tuple.getGraphConfiguration().clone();
    String key = key(round);
    WorkerNetworks.Held held = WorkerNetworks.take(key);
    if (held == null) {
      held = build(key, round, tuple);
    } else {
      load(held, round, tuple);
    }
    Nd4j.getExecutioner().commit();
    if (listeners != null) {
      held.net().setListeners(new ArrayList<>(listeners));
    }
    WorkerNetworks.Held used = held;
    task.addTaskCompletionListener(
        (TaskCompletionListener) context -> WorkerNetworks.giveBack(used));
    if (stats != null) {
      stats.logInitEnd();
      setStats(stats);
    }
    return held.net();
  }

  @Override
  public ParameterAveragingTrainingResult getFinalResult(ComputationGraph network) {
    ParameterAveragingTrainingResult result = super.getFinalResult(network);
    if (TaskContext.get() == null || !reuse) {
      return result;
    }
    INDArray state = result.getUpdaterState();
    return new ParameterAveragingTrainingResult(
        result.getParameters().dup(),
        state == null ? null : state.dup(),
        result.getScore(),
        result.getListenerMetaData(),
        result.getListenerStaticInfo(),
        result.getListenerUpdates());
  }

  private static WorkerNetworks.Held build(
      String key, ComputationGraphConfiguration round, NetBroadcastTuple tuple) {
    ComputationGraph net = new ComputationGraph(round);
    net.init(tuple.getParameters().dup(), false);
    INDArray state = null;
    if (tuple.getUpdaterState() != null) {
      state = tuple.getUpdaterState().dup();
      net.setUpdater(new ComputationGraphUpdater(net, state));
    }
    return new WorkerNetworks.Held(key, net, state);
  }

  /** Makes {@code held} what {@link #build} would make of this round's broadcast. */
  private static void load(
      WorkerNetworks.Held held, ComputationGraphConfiguration round, NetBroadcastTuple tuple) {
    ComputationGraph net = held.net();
    ComputationGraphConfiguration own = net.getConfiguration();
    own.setIterationCount(round.getIterationCount());
    own.setEpochCount(round.getEpochCount());
    for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
      if (layer.conf().getLayer() instanceof BaseLayer mine) {
        GraphVertex vertex = round.getVertices().get(mine.getLayerName());
        BaseLayer theirs = (BaseLayer) ((LayerVertex) vertex).getLayerConf().getLayer();
        mine.setIUpdater(theirs.getIUpdater());
        mine.setBiasUpdater(theirs.getBiasUpdater());
      }
    }
    net.params().assign(tuple.getParameters());
    if (held.updaterState() != null) {
      held.updaterState().assign(tuple.getUpdaterState());
      // A new updater, as a new network gets: its blocks group layers by updater configuration.
      net.setUpdater(new ComputationGraphUpdater(net, held.updaterState()));
    }
  }

  /**
   * The configuration as JSON without what a reused network takes from each round: the iteration
   * and epoch counts and the learning rates. Two configurations with one key build the same
   * network.
   */
  static String key(ComputationGraphConfiguration configuration) {
    ComputationGraphConfiguration copy = configuration.clone();
    copy.setIterationCount(0);
    copy.setEpochCount(0);
    for (GraphVertex vertex : copy.getVertices().values()) {
      if (vertex instanceof LayerVertex layerVertex
          && layerVertex.getLayerConf().getLayer() instanceof BaseLayer layer) {
        // The clone shares its updater configurations with the original: replace, never change.
        layer.setIUpdater(withoutRate(layer.getIUpdater()));
        layer.setBiasUpdater(withoutRate(layer.getBiasUpdater()));
      }
    }
    return copy.toJson();
  }

  private static IUpdater withoutRate(IUpdater updater) {
    if (updater == null || !updater.hasLearningRate()) {
      return updater;
    }
    IUpdater copy = updater.clone();
    copy.setLrAndSchedule(0, null);
    return copy;
  }

  /**
   * DL4J's worker times the broadcast and the network's set-up in a private field that its {@code
   * processMinibatch} reads and completes; a network built here must hand it over the same way.
   */
  private void setStats(ParameterAveragingTrainingWorkerStatsHelper stats) {
    try {
      Field field = ParameterAveragingTrainingWorker.class.getDeclaredField("stats");
      field.setAccessible(true);
      field.set(this, stats);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("DL4J's worker has no stats field to time the round", e);
    }
  }
}
