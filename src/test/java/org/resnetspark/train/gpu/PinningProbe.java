package org.resnetspark.train.gpu;

import java.io.Serializable;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

/** Runs as a task: what GPU the task was given, what the plugin pinned, and an ND4J sum. */
final class PinningProbe implements Function<Integer, PinningProbe.Seen> {
  record Seen(String executorId, String taskAddress, Pinning pinning, double sum)
      implements Serializable {}

  @Override
  public Seen call(Integer ignored) throws Exception {
    ResourceInformation gpu = TaskContext.get().resourcesJMap().get("gpu");
    double sum = Nd4j.create(new float[] {1, 2, 3}).sumNumber().doubleValue();
    // Long enough that both single-slot executors take tasks.
    Thread.sleep(200);
    return new Seen(
        SparkEnv.get().executorId(),
        gpu == null ? null : String.join(",", gpu.addresses()),
        DevicePinning.current().orElse(null),
        sum);
  }
}
