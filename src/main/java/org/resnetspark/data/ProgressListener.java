package org.resnetspark.data;

import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Reports finished tasks of the running stages, at most every few seconds, and each stage end. */
final class ProgressListener extends SparkListener {
  private static final long INTERVAL_NANOS = 5_000_000_000L;
  private final Consumer<String> progress;
  private volatile String phase = "starting";
  private int tasks;
  private int finished;
  private long lastReport = System.nanoTime();

  ProgressListener(Consumer<String> progress) {
    this.progress = progress;
  }

  void phase(String name) {
    phase = name;
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted event) {
    tasks = event.stageInfo().numTasks();
    finished = 0;
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
    finished++;
    long now = System.nanoTime();
    if (now - lastReport > INTERVAL_NANOS) {
      lastReport = now;
      progress.accept(String.format("  %s: %d/%d tasks", phase, finished, tasks));
    }
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
    progress.accept(
        String.format("  %s: stage %d done (%d tasks)", phase, event.stageInfo().stageId(), tasks));
  }
}
