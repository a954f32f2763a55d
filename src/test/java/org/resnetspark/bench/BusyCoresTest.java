package org.resnetspark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import org.junit.jupiter.api.Test;

class BusyCoresTest {

  static SparkListenerTaskEnd task(long id, long launch, long finish) {
    TaskInfo info =
        new TaskInfo(
            id, (int) id, 0, (int) id, launch, "0", "localhost", TaskLocality.ANY(), false);
    info.markFinished(org.apache.spark.TaskState.FINISHED(), finish + 30);
    TaskMetrics metrics = TaskMetrics.empty();
    metrics.setExecutorDeserializeTime(10);
    metrics.setExecutorRunTime(finish - launch - 10);
    return new SparkListenerTaskEnd(0, 0, "ResultTask", null, info, null, metrics);
  }

  @Test
  void countsTheMostTasksThatRanAtOnce() {
    BusyCores busy = new BusyCores();
    assertThat(busy.peak()).isEqualTo(1);
    busy.onTaskEnd(task(0, 0, 100));
    // Starts as the first ends on the executor, before the driver marks the first finished.
    busy.onTaskEnd(task(1, 100, 200));
    assertThat(busy.peak()).isEqualTo(1);
    busy.onTaskEnd(task(2, 50, 150));
    assertThat(busy.peak()).isEqualTo(2);
    busy.reset();
    assertThat(busy.peak()).isEqualTo(1);
  }
}
