package org.resnetspark.train.gpu;

import java.io.Serializable;

/**
 * The device a task thread was pinned to: the GPU address Spark assigned, the CUDA device index it
 * maps to, and the backend that applied it (on {@link Backend#CPU} nothing is applied).
 */
public record Pinning(String address, int device, Backend backend) implements Serializable {
  /** What the executor log says for this pinning. */
  public String describe(String cudaVisibleDevices, String cudaDeviceOrder) {
    String env =
        String.format(
            "CUDA_VISIBLE_DEVICES=%s, CUDA_DEVICE_ORDER=%s",
            cudaVisibleDevices == null ? "(unset)" : cudaVisibleDevices,
            cudaDeviceOrder == null ? "(unset)" : cudaDeviceOrder);
    return backend == Backend.CUDA
        ? String.format("GPU address %s -> ND4J CUDA device %d (%s)", address, device, env)
        : String.format(
            "GPU address %s (device %d) assigned, but ND4J runs on its CPU backend (%s)",
            address, device, env);
  }
}
