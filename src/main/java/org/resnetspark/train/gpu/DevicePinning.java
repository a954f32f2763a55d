package org.resnetspark.train.gpu;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On an executor, pins the task's thread to the GPU Spark assigned to the task before the task
 * creates its first ND4J array. ND4J's CUDA backend keeps one device per thread, and Spark reuses
 * task threads, so every task is pinned afresh. On the CPU backend nothing is set; the pinning is
 * still worked out, logged and recorded.
 */
public final class DevicePinning {
  static final String GPU = "gpu";
  private static final Logger LOG = LoggerFactory.getLogger(DevicePinning.class);
  private static final ThreadLocal<Pinning> CURRENT = new ThreadLocal<>();
  private static final AtomicReference<Pinning> LOGGED = new AtomicReference<>();

  private DevicePinning() {}

  /** The pinning of the task running in this thread, if it was assigned a GPU. */
  public static Optional<Pinning> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Pins the current thread to the GPU of the current task; does nothing without one. */
  public static void pinCurrentTask(Backend backend) {
    CURRENT.remove();
    TaskContext task = TaskContext.get();
    if (task == null) {
      return;
    }
    ResourceInformation gpu = task.resourcesJMap().get(GPU);
    if (gpu == null || gpu.addresses().length == 0) {
      return;
    }
    Map<String, String> env = System.getenv();
    String visible = env.get("CUDA_VISIBLE_DEVICES");
    String address = gpu.addresses()[0];
    Pinning pinning = new Pinning(address, GpuAddress.deviceIndex(address, visible), backend);
    if (backend == Backend.CUDA) {
      Nd4j.getAffinityManager().unsafeSetDevice(pinning.device());
    }
    CURRENT.set(pinning);
    // Once per change on this executor: each executor holds one GPU, so normally once.
    if (!pinning.equals(LOGGED.getAndSet(pinning))) {
      LOG.info(
          "Task {} (stage {}): {}",
          task.taskAttemptId(),
          task.stageId(),
          pinning.describe(visible, env.get("CUDA_DEVICE_ORDER")));
    }
  }
}
