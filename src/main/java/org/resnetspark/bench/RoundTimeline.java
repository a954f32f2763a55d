package org.resnetspark.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.BlockUpdatedInfo;
import scala.collection.JavaConverters;

/**
 * What Spark's scheduler saw of the training rounds, on the driver's clock: each job's start and
 * end, each finished task's times and result size, and the broadcast blocks the executors stored
 * (the parameters and updater state each executor fetched).
 */
final class RoundTimeline extends SparkListener {
  /** A Spark job: when it was submitted and when the scheduler declared it done. */
  record Job(int id, long startMs, long endMs) {}

  /**
   * A finished task: launched and finished on the driver's clock; deserialisation, run and result
   * serialisation as the executor timed them; the serialised result's size.
   */
  record Task(
      int jobId,
      long launchMs,
      long finishMs,
      long deserializeMs,
      long runMs,
      long resultSerializationMs,
      long resultBytes) {}

  private final Map<Integer, Integer> jobOfStage = new HashMap<>();
  private final Map<Integer, Long> jobStarts = new HashMap<>();
  private final List<Job> jobs = new ArrayList<>();
  private final List<Task> tasks = new ArrayList<>();
  private long broadcastBytesToExecutors;

  @Override
  public synchronized void onJobStart(SparkListenerJobStart start) {
    jobStarts.put(start.jobId(), start.time());
    for (Object stage : JavaConverters.seqAsJavaList(start.stageIds())) {
      jobOfStage.put((Integer) stage, start.jobId());
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    Long start = jobStarts.get(end.jobId());
    if (start != null) {
      jobs.add(new Job(end.jobId(), start, end.time()));
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    Integer job = jobOfStage.get(end.stageId());
    if (job == null || end.taskMetrics() == null || !end.taskInfo().successful()) {
      return;
    }
    var m = end.taskMetrics();
    tasks.add(
        new Task(
            job,
            end.taskInfo().launchTime(),
            end.taskInfo().finishTime(),
            m.executorDeserializeTime(),
            m.executorRunTime(),
            m.resultSerializationTime(),
            m.resultSize()));
  }

  @Override
  public synchronized void onBlockUpdated(SparkListenerBlockUpdated update) {
    BlockUpdatedInfo info = update.blockUpdatedInfo();
    boolean onExecutor = !info.blockManagerId().isDriver();
    if (onExecutor && info.blockId().isBroadcast() && info.storageLevel().isValid()) {
      broadcastBytesToExecutors += info.memSize() + info.diskSize();
    }
  }

  /** The last job submitted within [fromMs, toMs]: a round's training job follows its count. */
  synchronized Optional<Job> lastJobStartedWithin(long fromMs, long toMs) {
    return jobs.stream()
        .filter(j -> j.startMs() >= fromMs && j.startMs() <= toMs)
        .max((a, b) -> Long.compare(a.startMs(), b.startMs()));
  }

  /** The task of {@code job} that finished last: the one the round waited for. */
  synchronized Optional<Task> lastTaskOf(Job job) {
    return tasks.stream()
        .filter(t -> t.jobId() == job.id())
        .max((a, b) -> Long.compare(a.finishMs(), b.finishMs()));
  }

  /** The serialised results of all of {@code job}'s tasks: what moved to the driver. */
  synchronized long resultBytesOf(Job job) {
    return tasks.stream().filter(t -> t.jobId() == job.id()).mapToLong(Task::resultBytes).sum();
  }

  synchronized long broadcastBytesToExecutors() {
    return broadcastBytesToExecutors;
  }
}
