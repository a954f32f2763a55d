package org.resnetspark.train.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.config.JvmFlags;
import org.resnetspark.config.Settings;

/** The shipped GPU settings pass the driver's checks with the CUDA jar and conf/gpu.conf. */
class GpuDeployFilesTest {
  static final Settings GPU = ConfigLoader.load(Path.of("conf/gpu.conf"), List.of());

  @Test
  void gpuConfigurationUsesLayersThatRunOnCuda() {
    assertThat(GPU.model().engine()).isEqualTo(ConvolutionEngine.STOCK);
    assertThat(GPU.model().variant()).isEqualTo("resnet50");
    assertThat(GPU.train().workers()).isEqualTo(8);
  }

  @ParameterizedTest
  @CsvSource({
    "standalone.conf, spark://master:7077",
    "yarn.conf, yarn",
    "kubernetes.conf, k8s://https://api:6443"
  })
  void submitSettingsPassTheChecks(String file, String master) throws IOException {
    SparkConf conf = submitted(file, master);
    assertThat(GpuChecks.problems(conf, Backend.CUDA, GPU.model().engine())).isEmpty();
    assertThat(GpuChecks.problems(conf, Backend.CPU, GPU.model().engine()))
        .singleElement()
        .asString()
        .startsWith("GPUs are requested");
    assertThat(conf.get("spark.plugins")).isEqualTo(GpuPlugin.class.getName());
    assertThat(conf.get("spark.executorEnv.CUDA_DEVICE_ORDER")).isEqualTo("PCI_BUS_ID");
  }

  @Test
  void kubernetesAsksForNvidiaDevices() throws IOException {
    SparkConf conf = submitted("kubernetes.conf", "k8s://https://api:6443");
    assertThat(conf.get("spark.executor.resource.gpu.vendor")).isEqualTo("nvidia.com");
    String manifest = Files.readString(Path.of("deploy/gpu/sparkapplication.yaml"));
    assertThat(manifest.split("name: nvidia.com/gpu\n\\s+quantity: 1", -1)).hasSize(3);
    assertThat(manifest.split(Pattern.quote("javaOptions: \"" + JvmFlags.all() + "\""), -1))
        .hasSize(3);
  }

  @Test
  void workersUseTheShippedDiscoveryScript() throws IOException {
    Properties worker = properties("worker.conf");
    assertThat(worker.getProperty("spark.worker.resource.gpu.discoveryScript"))
        .endsWith("/deploy/gpu/discover-gpus.sh");
    assertThat(Integer.parseInt(worker.getProperty("spark.worker.resource.gpu.amount")))
        .isPositive();
  }

  /** As spark-submit --properties-file sets it, with the flags deploy/spark-submit.sh adds. */
  static SparkConf submitted(String file, String master) throws IOException {
    SparkConf conf = new SparkConf(false).setMaster(master);
    properties(file).forEach((k, v) -> conf.set((String) k, (String) v));
    conf.set("spark.executor.extraJavaOptions", JvmFlags.all());
    return conf;
  }

  static Properties properties(String file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("deploy/gpu", file))) {
      p.load(in);
    }
    return p;
  }
}
