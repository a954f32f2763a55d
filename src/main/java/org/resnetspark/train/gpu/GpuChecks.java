package org.resnetspark.train.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.network.util.JavaUtils;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConvolutionEngine;

/**
 * Checks on the driver, before the job starts, that the Spark settings fit the ND4J backend of this
 * build and the executors' resources. Each problem says what to change.
 */
public final class GpuChecks {
  private static final Pattern MAX_BYTES =
      Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.maxbytes=(\\S+)");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*(\\d+)\\s*,\\s*\\d+\\s*]");
  private static final long MIN_OVERHEAD_MB = 384;

  private GpuChecks() {}

  /** Throws a {@link ConfigException} listing every problem {@link #problems} finds. */
  public static void check(SparkConf conf, Backend backend, ConvolutionEngine modelEngine) {
    List<String> problems = problems(conf, backend, modelEngine);
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\nerror: ", problems));
    }
  }

  public static List<String> problems(
      SparkConf conf, Backend backend, ConvolutionEngine modelEngine) {
    List<String> problems = new ArrayList<>();
    String master = conf.get("spark.master", "");
    boolean local = master.equals("local") || master.startsWith("local[");
    double executorGpus = GpuConf.executorGpus(conf);
    double taskGpus = GpuConf.taskGpus(conf);
    if (backend == Backend.CUDA && modelEngine == ConvolutionEngine.FAST) {
      problems.add(
          "model.engine = fast computes on the CPU (oneDNN, OpenBLAS, host memory) and cannot run on"
              + " ND4J's CUDA backend (this jar was built with -Pcuda): set model.engine = stock"
              + " (conf/gpu.conf does)");
    }
    if (backend == Backend.CUDA && !local && executorGpus <= 0) {
      problems.add(
          "This jar runs ND4J on CUDA (built with -Pcuda) but no GPUs are requested for the"
              + " executors: add --conf spark.executor.resource.gpu.amount=1 --conf"
              + " spark.task.resource.gpu.amount=1 and a discovery script (see deploy/gpu/), or"
              + " submit the CPU jar (mvn package without -Pcuda)");
    }
    if (backend == Backend.CPU && (executorGpus > 0 || taskGpus > 0)) {
      problems.add(
          String.format(
              Locale.ROOT,
              "GPUs are requested (spark.executor.resource.gpu.amount=%s,"
                  + " spark.task.resource.gpu.amount=%s) but this jar has ND4J's CPU backend and"
                  + " would leave them idle: build the GPU jar with mvn -Pcuda package, or remove"
                  + " the spark.*.resource.gpu.* settings",
              number(executorGpus),
              number(taskGpus)));
    }
    if (executorGpus > 0 && taskGpus <= 0) {
      problems.add(
          String.format(
              Locale.ROOT,
              "spark.executor.resource.gpu.amount=%s but spark.task.resource.gpu.amount is not"
                  + " set, so tasks get no GPU address to use: set"
                  + " spark.task.resource.gpu.amount=1",
              number(executorGpus)));
    }
    if (executorGpus > 0 && taskGpus > 0) {
      slots(conf, master, executorGpus, taskGpus, problems);
    }
    overhead(conf, master, problems);
    return problems;
  }

  /** More task slots than GPU slots per executor would leave cores idle and mislead workers. */
  private static void slots(
      SparkConf conf, String master, double executorGpus, double taskGpus, List<String> problems) {
    long gpuSlots = (long) Math.floor(executorGpus / taskGpus + 1e-9);
    if (gpuSlots < 1) {
      problems.add(
          String.format(
              Locale.ROOT,
              "spark.task.resource.gpu.amount=%s is more than spark.executor.resource.gpu.amount"
                  + "=%s, so no task could start: set spark.task.resource.gpu.amount=1",
              number(taskGpus),
              number(executorGpus)));
      return;
    }
    int taskCpus = conf.getInt("spark.task.cpus", 1);
    Integer cores = executorCores(conf, master);
    if (cores == null) {
      problems.add(
          "spark.executor.cores is not set: on a standalone cluster an executor then takes every"
              + " core of its worker, and so more task slots than GPUs; set"
              + " spark.executor.cores (with spark.task.cpus equal to it, one task per GPU)");
      return;
    }
    long cpuSlots = cores / Math.max(1, taskCpus);
    if (cpuSlots > gpuSlots) {
      problems.add(
          String.format(
              Locale.ROOT,
              "Executors have %d task slots (spark.executor.cores=%d / spark.task.cpus=%d) but"
                  + " GPUs for %d (spark.executor.resource.gpu.amount=%s /"
                  + " spark.task.resource.gpu.amount=%s): set spark.task.cpus=%d (one task per"
                  + " GPU, its ND4J threads use the cores) or spark.executor.cores=%d",
              cpuSlots,
              cores,
              taskCpus,
              gpuSlots,
              number(executorGpus),
              number(taskGpus),
              (cores + gpuSlots - 1) / gpuSlots,
              gpuSlots * taskCpus));
    }
  }

  /** Cores per executor: set, or the cluster manager's default; null where that is all cores. */
  private static Integer executorCores(SparkConf conf, String master) {
    if (conf.contains("spark.executor.cores")) {
      return conf.getInt("spark.executor.cores", 1);
    }
    Matcher localCluster = LOCAL_CLUSTER.matcher(master);
    if (localCluster.matches()) {
      return Integer.parseInt(localCluster.group(1));
    }
    return master.startsWith("spark://") ? null : 1;
  }

  /** YARN and Kubernetes kill a container that outgrows heap plus overhead; ND4J lives there. */
  private static void overhead(SparkConf conf, String master, List<String> problems) {
    String manager =
        master.equals("yarn") ? "YARN" : master.startsWith("k8s://") ? "Kubernetes" : "";
    Matcher m = MAX_BYTES.matcher(conf.get("spark.executor.extraJavaOptions", ""));
    if (manager.isEmpty() || !m.find()) {
      return;
    }
    long maxBytes = JavaUtils.byteStringAsBytes(m.group(1));
    String source;
    long overheadMb;
    if (conf.contains("spark.executor.memoryOverhead")) {
      overheadMb = JavaUtils.byteStringAsMb(conf.get("spark.executor.memoryOverhead"));
      source = "spark.executor.memoryOverhead";
    } else {
      String memory = conf.get("spark.executor.memory", "1g");
      double factor = conf.getDouble("spark.executor.memoryOverheadFactor", 0.10);
      overheadMb = Math.max(MIN_OVERHEAD_MB, (long) (factor * JavaUtils.byteStringAsMb(memory)));
      source =
          String.format(
              Locale.ROOT,
              "the default, max(384m, %s x spark.executor.memory=%s)",
              number(factor),
              memory);
    }
    if (overheadMb * 1024 * 1024 < maxBytes) {
      long neededMb = (maxBytes + (1 << 20) - 1) >> 20;
      problems.add(
          String.format(
              Locale.ROOT,
              "Executor memory overhead is %dm (%s) but ND4J may hold %s off-heap"
                  + " (-Dorg.bytedeco.javacpp.maxbytes in spark.executor.extraJavaOptions), so"
                  + " %s would kill executors that use it: set --conf"
                  + " spark.executor.memoryOverhead=%dm or more, or lower maxbytes in"
                  + " conf/jvm.properties",
              overheadMb,
              source,
              m.group(1),
              manager,
              neededMb));
    }
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
