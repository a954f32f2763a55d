package org.resnetspark.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingMasterStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.deeplearning4j.spark.stats.EventStats;

/**
 * Where the time of an averaging round goes, in milliseconds per round (means over the rounds
 * measured), along the round's critical path: the driver's round as DL4J times it (its {@code
 * fitPaths}), and within it the task Spark waited for last.
 *
 * <ul>
 *   <li>{@code broadcast}: the driver creating the broadcast of parameters and updater state, and
 *       the slowest worker fetching it and building its network from it (DL4J's stats);
 *   <li>{@code compute}: the rest of that task's run on the executor: reading and decoding its
 *       shards and fitting its minibatches ({@code fit} alone is DL4J's fit time of the slowest
 *       worker);
 *   <li>{@code aggregate}: serialising the task's result (parameters and updater state), moving it
 *       to the driver, and the driver summing, averaging and setting them (Spark's task times, then
 *       the driver until the round ends);
 *   <li>{@code overhead}: the driver before the training job (DL4J counts the round's paths with a
 *       Spark job of its own), scheduling the task and deserialising it on the executor.
 * </ul>
 *
 * The broadcast's parts are {@code broadcastCreate} (driver), {@code broadcastFetch} and {@code
 * init} (the worker building its network and updater from the values); the aggregate's are {@code
 * resultSerialization} (executor) and {@code driverAggregate} (from the task's end to the round's:
 * fetching, deserialising, summing, averaging, setting). {@code resultBytes} is the serialised
 * results of the round's training tasks, as Spark counted them. DL4J's own "aggregate" time is not
 * used: it spans the whole training job, compute included.
 */
public record RoundBreakdown(
    int rounds,
    double roundMs,
    double computeMs,
    double fitMs,
    double broadcastMs,
    double aggregateMs,
    double overheadMs,
    double resultBytes,
    double broadcastCreateMs,
    double broadcastFetchMs,
    double initMs,
    double resultSerializationMs,
    double driverAggregateMs) {

  private static final String FIT =
      ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_FIT_TIMES_MS;
  private static final String CREATE =
      ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_BROADCAST_CREATE_TIMES_MS;
  private static final String GET =
      ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_BROADCAST_GET_VALUE_TIME_MS;
  private static final String INIT =
      ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_INIT_TIME_MS;
  private static final String WORKER_FIT =
      ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_FIT_TIMES_MS;

  /** The four parts together; the round itself is measured separately. */
  public double partsMs() {
    return computeMs + broadcastMs + aggregateMs + overheadMs;
  }

  /** The rounds DL4J timed from {@code fromMs} on, matched to the Spark jobs they ran. */
  static RoundBreakdown of(SparkTrainingStats stats, RoundTimeline timeline, long fromMs) {
    double[] sums = new double[12];
    int rounds = 0;
    for (EventStats round : events(stats, FIT)) {
      long start = round.getStartTime();
      long end = start + round.getDurationMs();
      if (start < fromMs) {
        continue;
      }
      RoundTimeline.Job job =
          timeline
              .lastJobStartedWithin(start, end)
              .orElseThrow(() -> missing("a Spark job in the round starting at " + start));
      RoundTimeline.Task task =
          timeline.lastTaskOf(job).orElseThrow(() -> missing("a task of job " + job.id()));
      long create = within(events(stats, CREATE), start, end, false);
      long fetch = within(events(stats, GET), start, end, false);
      long init = within(events(stats, INIT), start, end, false);
      long fit = within(events(stats, WORKER_FIT), start, end, true);
      long executorDone =
          task.launchMs() + task.deserializeMs() + task.runMs() + task.resultSerializationMs();
      sums[0] += end - start;
      sums[1] += task.runMs() - fetch - init;
      sums[2] += fit;
      sums[3] += create + fetch + init;
      sums[4] += task.resultSerializationMs() + (end - executorDone);
      sums[5] += (job.startMs() - start - create) + (task.launchMs() - job.startMs());
      sums[5] += task.deserializeMs();
      sums[6] += timeline.resultBytesOf(job);
      sums[7] += create;
      sums[8] += fetch;
      sums[9] += init;
      sums[10] += task.resultSerializationMs();
      sums[11] += end - executorDone;
      rounds++;
    }
    if (rounds == 0) {
      throw missing("a round timed by DL4J after the warm-up");
    }
    int n = rounds;
    return new RoundBreakdown(
        n,
        sums[0] / n,
        sums[1] / n,
        sums[2] / n,
        sums[3] / n,
        sums[4] / n,
        sums[5] / n,
        sums[6] / n,
        sums[7] / n,
        sums[8] / n,
        sums[9] / n,
        sums[10] / n,
        sums[11] / n);
  }

  /**
   * The longest per-worker total of the events that started in [start, end]: one event per worker
   * (broadcast fetch, initialisation), or one per minibatch ({@code perWorkerSum}, the fits).
   */
  private static long within(List<EventStats> events, long start, long end, boolean perWorkerSum) {
    Map<String, Long> perWorker = new HashMap<>();
    for (EventStats e : events) {
      if (e.getStartTime() >= start && e.getStartTime() <= end) {
        String worker = e.getMachineID() + "/" + e.getJvmID();
        long d = e.getDurationMs();
        perWorker.merge(worker, d, perWorkerSum ? Long::sum : Math::max);
      }
    }
    return perWorker.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  private static List<EventStats> events(SparkTrainingStats stats, String key) {
    if (!stats.getKeySet().contains(key)) {
      return List.of();
    }
    List<EventStats> list = stats.getValue(key);
    return list == null ? List.of() : list;
  }

  private static IllegalStateException missing(String what) {
    return new IllegalStateException(
        "The training statistics lack " + what + ": was train.collect-stats on?");
  }
}
