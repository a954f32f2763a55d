package org.resnetspark.train.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.resnetspark.config.ConfigException;

/** The Spark settings of GPU executors, read and completed on the driver. */
public final class GpuConf {
  static final String EXECUTOR_GPUS = "spark.executor.resource.gpu.amount";
  static final String TASK_GPUS = "spark.task.resource.gpu.amount";
  static final String PLUGINS = "spark.plugins";
  static final String DEVICE_ORDER = "spark.executorEnv.CUDA_DEVICE_ORDER";

  private GpuConf() {}

  /** GPUs per executor requested through {@code spark.executor.resource.gpu.amount}, or 0. */
  static double executorGpus(SparkConf conf) {
    return amount(conf, EXECUTOR_GPUS);
  }

  static double taskGpus(SparkConf conf) {
    return amount(conf, TASK_GPUS);
  }

  /**
   * When executors request GPUs: registers {@link GpuPlugin} (keeping other plugins) and numbers
   * CUDA devices as {@code nvidia-smi} does ({@code CUDA_DEVICE_ORDER=PCI_BUS_ID}) unless set.
   */
  public static SparkConf apply(SparkConf conf) {
    if (executorGpus(conf) <= 0) {
      return conf;
    }
    List<String> plugins = new ArrayList<>();
    Arrays.stream(conf.get(PLUGINS, "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(plugins::add);
    if (!plugins.contains(GpuPlugin.class.getName())) {
      plugins.add(GpuPlugin.class.getName());
    }
    conf.set(PLUGINS, String.join(",", plugins));
    conf.setIfMissing(DEVICE_ORDER, "PCI_BUS_ID");
    return conf;
  }

  private static double amount(SparkConf conf, String key) {
    String value = conf.get(key, "0").trim();
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new ConfigException("Invalid %s: %s (expected a number of GPUs, e.g. 1)", key, value);
    }
  }
}
