package org.resnetspark.train.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class GpuConfTest {
  @Test
  void gpuExecutorsGetThePluginAndPciBusOrder() {
    SparkConf conf =
        GpuConf.apply(new SparkConf(false).set("spark.executor.resource.gpu.amount", "1"));
    assertThat(conf.get("spark.plugins")).isEqualTo("org.resnetspark.train.gpu.GpuPlugin");
    assertThat(conf.get("spark.executorEnv.CUDA_DEVICE_ORDER")).isEqualTo("PCI_BUS_ID");
  }

  @Test
  void otherPluginsAndAnExplicitDeviceOrderStay() {
    SparkConf conf =
        new SparkConf(false)
            .set("spark.executor.resource.gpu.amount", "1")
            .set("spark.plugins", "com.example.Metrics")
            .set("spark.executorEnv.CUDA_DEVICE_ORDER", "FASTEST_FIRST");
    GpuConf.apply(conf);
    GpuConf.apply(conf);
    assertThat(conf.get("spark.plugins"))
        .isEqualTo("com.example.Metrics,org.resnetspark.train.gpu.GpuPlugin");
    assertThat(conf.get("spark.executorEnv.CUDA_DEVICE_ORDER")).isEqualTo("FASTEST_FIRST");
  }

  @Test
  void cpuExecutorsAreLeftAlone() {
    SparkConf conf = GpuConf.apply(new SparkConf(false));
    assertThat(conf.contains("spark.plugins")).isFalse();
    assertThat(conf.contains("spark.executorEnv.CUDA_DEVICE_ORDER")).isFalse();
  }

  @Test
  void thisBuildHasTheCpuBackend() {
    assertThat(Backend.onClasspath()).isEqualTo(Backend.CPU);
  }
}
