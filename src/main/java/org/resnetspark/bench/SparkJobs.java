package org.resnetspark.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.resnetspark.bench.DataBenchmark.Job;
import scala.collection.JavaConverters;

/**
 * The Spark jobs a measurement ran, each named by the line that started it, with its duration. On a
 * few hundred images the fixed cost of each job is a large part of the time, so the count says as
 * much as the durations.
 */
final class SparkJobs extends SparkListener {
  private final Map<Integer, SparkListenerJobStart> running = new LinkedHashMap<>();
  private final List<Job> finished = new ArrayList<>();

  @Override
  public synchronized void onJobStart(SparkListenerJobStart start) {
    running.put(start.jobId(), start);
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    SparkListenerJobStart start = running.remove(end.jobId());
    if (start != null) {
      finished.add(new Job(resultStageName(start), (end.time() - start.time()) / 1e3));
    }
  }

  /**
   * The name of the job's last stage, the one whose action started it: Spark creates a job's parent
   * stages before its result stage, so the result stage has the highest id.
   */
  private static String resultStageName(SparkListenerJobStart start) {
    String name = "job " + start.jobId();
    int highest = -1;
    for (StageInfo stage : JavaConverters.seqAsJavaList(start.stageInfos())) {
      if (stage.stageId() > highest) {
        highest = stage.stageId();
        name = stage.name();
      }
    }
    return name;
  }

  synchronized List<Job> finished() {
    return List.copyOf(finished);
  }

  synchronized void reset() {
    running.clear();
    finished.clear();
  }
}
