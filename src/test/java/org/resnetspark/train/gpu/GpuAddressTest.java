package org.resnetspark.train.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GpuAddressTest {
  @Test
  void withoutVisibleDevicesTheAddressIsTheIndex() {
    assertThat(GpuAddress.deviceIndex("0", null)).isZero();
    assertThat(GpuAddress.deviceIndex("3", null)).isEqualTo(3);
    assertThat(GpuAddress.deviceIndex(" 5 ", "")).isEqualTo(5);
  }

  @Test
  void aContainerExposingOneDeviceAlwaysUsesDeviceZero() {
    assertThat(GpuAddress.deviceIndex("3", "3")).isZero();
    assertThat(GpuAddress.deviceIndex("0", "GPU-8f1c2a")).isZero();
    assertThat(GpuAddress.deviceIndex("6", " 2 ")).isZero();
  }

  @Test
  void visibleDevicesAreRenumberedFromZero() {
    assertThat(GpuAddress.deviceIndex("3", "1,3,5")).isEqualTo(1);
    assertThat(GpuAddress.deviceIndex("5", "1, 3, 5")).isEqualTo(2);
    assertThat(GpuAddress.deviceIndex("1", "1,3,5")).isZero();
  }

  @Test
  void anAddressOutsideTheVisibleDevicesIsRefused() {
    assertThatThrownBy(() -> GpuAddress.deviceIndex("2", "1,3"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GPU address 2 is not among CUDA_VISIBLE_DEVICES=1,3")
        .hasMessageContaining("deploy/gpu/discover-gpus.sh");
  }

  @Test
  void anAddressThatIsNoIndexIsRefused() {
    assertThatThrownBy(() -> GpuAddress.deviceIndex("GPU-8f1c2a", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GPU address 'GPU-8f1c2a' is not a device index")
        .hasMessageContaining("nvidia-smi indices");
    assertThatThrownBy(() -> GpuAddress.deviceIndex("-1", null))
        .hasMessageContaining("'-1' is not a device index");
  }
}
