package org.resnetspark.progress;

import java.util.Locale;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Reports finished tasks of the running stage and each stage end: on a terminal as a live bar with
 * tasks/s and ETA, redrawn at most a few times a second; otherwise as a line every few seconds.
 */
public final class ProgressListener extends SparkListener {
  private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
  private static final long LIVE_INTERVAL_NANOS = 200_000_000L;
  private final ProgressOutput output;
  private volatile String phase = "starting";
  private int tasks;
  private int finished;
  private long stageStart = System.nanoTime();
  private long lastReport = System.nanoTime();

  public ProgressListener(ProgressOutput output) {
    this.output = output;
  }

  /** The name the next stages are reported under, e.g. "decoding". */
  public void phase(String name) {
    phase = name;
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted event) {
    tasks = event.stageInfo().numTasks();
    finished = 0;
    stageStart = System.nanoTime();
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
    finished++;
    long now = System.nanoTime();
    if (now - lastReport > (output.isLive() ? LIVE_INTERVAL_NANOS : LINE_INTERVAL_NANOS)) {
      lastReport = now;
      output.status(status(phase, finished, tasks, (now - stageStart) / 1e9));
    }
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
    output.line(
        String.format("  %s: stage %d done (%d tasks)", phase, event.stageInfo().stageId(), tasks));
  }

  /** {@code decoding [=====> ] 12/40 tasks 3.0 tasks/s ETA 00:00:09}. */
  static String status(String phase, int finished, int tasks, double seconds) {
    double rate = seconds > 0 ? finished / seconds : 0;
    double eta = rate > 0 ? (tasks - finished) / rate : Double.NaN;
    return String.format(
        Locale.ROOT,
        "  %s %s tasks  %.1f tasks/s  ETA %s",
        phase,
        ProgressOutput.bar(finished, tasks),
        rate,
        ProgressOutput.duration(eta));
  }
}
