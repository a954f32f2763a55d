package org.resnetspark.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The cores that actually worked during a measurement: the most tasks that ran at once. A job of
 * one task on a two-core machine worked one core, and its per-core figure divides by one.
 */
final class BusyCores extends SparkListener {
  private final List<long[]> intervals = new ArrayList<>();

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    // The driver marks a task finished when it has handled the result, by which time the core may
    // already run the next task; the executor's own times say when the core was busy.
    long launch = end.taskInfo().launchTime();
    long busy = end.taskInfo().duration();
    if (end.taskMetrics() != null) {
      busy = end.taskMetrics().executorDeserializeTime() + end.taskMetrics().executorRunTime();
    }
    intervals.add(new long[] {launch, launch + busy});
  }

  /** The peak number of overlapping tasks seen so far (at least 1). */
  synchronized int peak() {
    List<long[]> events = new ArrayList<>();
    for (long[] interval : intervals) {
      events.add(new long[] {interval[0], 1});
      events.add(new long[] {interval[1], -1});
    }
    // At equal times, ends before starts: a task that starts as another ends reuses its core.
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int running = 0;
    int peak = 1;
    for (long[] event : events) {
      running += (int) event[1];
      peak = Math.max(peak, running);
    }
    return peak;
  }

  synchronized void reset() {
    intervals.clear();
  }
}
