package org.resnetspark.train.gpu;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered through {@code spark.plugins} (see {@link GpuConf}): on every executor, pins each
 * task's thread to the task's GPU. Spark calls {@code onTaskStart} in the task's own thread, before
 * the task runs, so the pinning precedes DL4J's first array however the task creates it.
 */
public final class GpuPlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new OnExecutor();
  }

  static final class OnExecutor implements ExecutorPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(GpuPlugin.class);
    private Backend backend;

    @Override
    public void init(PluginContext context, Map<String, String> extraConf) {
      backend = Backend.onClasspath();
      ResourceInformation gpu = context.resources().get(DevicePinning.GPU);
      // Not context.hostname(): on executors Spark 3.5 fails there (their RpcEnv has no address).
      LOG.info(
          "Executor {}: ND4J {} backend, GPU addresses {}",
          context.executorID(),
          backend,
          gpu == null ? "none" : String.join(",", gpu.addresses()));
    }

    @Override
    public void onTaskStart() {
      DevicePinning.pinCurrentTask(backend);
    }
  }
}
