package org.resnetspark.train.gpu;

import java.util.Arrays;
import java.util.List;

/**
 * Maps the GPU address Spark assigned to a task (an {@code nvidia-smi} index, printed by the
 * discovery script) to the CUDA device index ND4J selects. With {@code
 * CUDA_DEVICE_ORDER=PCI_BUS_ID} CUDA numbers devices as {@code nvidia-smi} does; {@code
 * CUDA_VISIBLE_DEVICES} renumbers the devices it lists from 0, so a container that exposes one
 * device always uses device 0.
 */
public final class GpuAddress {
  private GpuAddress() {}

  /**
   * @param address the address from {@code TaskContext.resources()}
   * @param cudaVisibleDevices the executor's {@code CUDA_VISIBLE_DEVICES}, or null when unset
   */
  public static int deviceIndex(String address, String cudaVisibleDevices) {
    List<String> visible = visibleDevices(cudaVisibleDevices);
    if (visible.size() == 1) {
      return 0;
    }
    if (!visible.isEmpty()) {
      int position = visible.indexOf(address.trim());
      if (position < 0) {
        throw new IllegalStateException(
            String.format(
                "GPU address %s is not among CUDA_VISIBLE_DEVICES=%s: the discovery script must"
                    + " print the devices this executor can see (deploy/gpu/discover-gpus.sh"
                    + " prints nvidia-smi indices)",
                address, cudaVisibleDevices));
      }
      return position;
    }
    try {
      int index = Integer.parseInt(address.trim());
      if (index < 0) {
        throw new NumberFormatException();
      }
      return index;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          String.format(
              "GPU address '%s' is not a device index: the discovery script must print"
                  + " nvidia-smi indices such as \"0\" (deploy/gpu/discover-gpus.sh does)",
              address));
    }
  }

  static List<String> visibleDevices(String cudaVisibleDevices) {
    if (cudaVisibleDevices == null || cudaVisibleDevices.isBlank()) {
      return List.of();
    }
    return Arrays.stream(cudaVisibleDevices.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
