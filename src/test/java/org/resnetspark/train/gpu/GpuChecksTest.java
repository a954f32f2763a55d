package org.resnetspark.train.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConvolutionEngine;

/** Every guardrail message, from the Spark settings, the backend and the model engine. */
class GpuChecksTest {
  static final String OFFHEAP =
      "-Dorg.bytedeco.javacpp.maxbytes=6G -Dorg.bytedeco.javacpp.maxphysicalbytes=10G";

  /** A YARN submission of one GPU per executor and task, as deploy/gpu/yarn.conf sets it. */
  static SparkConf gpuOnYarn() {
    return new SparkConf(false)
        .setMaster("yarn")
        .set("spark.executor.cores", "4")
        .set("spark.task.cpus", "4")
        .set("spark.executor.resource.gpu.amount", "1")
        .set("spark.task.resource.gpu.amount", "1")
        .set("spark.executor.memory", "8g")
        .set("spark.executor.memoryOverhead", "8g")
        .set("spark.executor.extraJavaOptions", OFFHEAP);
  }

  @Test
  void aSoundGpuSubmissionPasses() {
    assertThat(GpuChecks.problems(gpuOnYarn(), Backend.CUDA, ConvolutionEngine.STOCK)).isEmpty();
    GpuChecks.check(gpuOnYarn(), Backend.CUDA, ConvolutionEngine.STOCK);
  }

  @Test
  void aCpuSubmissionPasses() {
    SparkConf cpu =
        new SparkConf(false)
            .setMaster("spark://host:7077")
            .set("spark.executor.extraJavaOptions", OFFHEAP);
    assertThat(GpuChecks.problems(cpu, Backend.CPU, ConvolutionEngine.FAST)).isEmpty();
    assertThat(
            GpuChecks.problems(
                new SparkConf(false).setMaster("local[*]"), Backend.CPU, ConvolutionEngine.FAST))
        .isEmpty();
  }

  @Test
  void cudaJarWithoutGpuResources() {
    SparkConf conf = gpuOnYarn().remove("spark.executor.resource.gpu.amount");
    conf.remove("spark.task.resource.gpu.amount");
    assertThat(GpuChecks.problems(conf, Backend.CUDA, ConvolutionEngine.STOCK))
        .containsExactly(
            "This jar runs ND4J on CUDA (built with -Pcuda) but no GPUs are requested for the"
                + " executors: add --conf spark.executor.resource.gpu.amount=1 --conf"
                + " spark.task.resource.gpu.amount=1 and a discovery script (see deploy/gpu/), or"
                + " submit the CPU jar (mvn package without -Pcuda)");
  }

  @Test
  void cudaJarInLocalModeNeedsNoGpuResources() {
    SparkConf local = new SparkConf(false).setMaster("local[2]");
    assertThat(GpuChecks.problems(local, Backend.CUDA, ConvolutionEngine.STOCK)).isEmpty();
  }

  @Test
  void gpuResourcesWithTheCpuBackend() {
    assertThat(GpuChecks.problems(gpuOnYarn(), Backend.CPU, ConvolutionEngine.FAST))
        .containsExactly(
            "GPUs are requested (spark.executor.resource.gpu.amount=1,"
                + " spark.task.resource.gpu.amount=1) but this jar has ND4J's CPU backend and"
                + " would leave them idle: build the GPU jar with mvn -Pcuda package, or remove"
                + " the spark.*.resource.gpu.* settings");
  }

  @Test
  void fastLayersCannotRunOnCuda() {
    assertThat(GpuChecks.problems(gpuOnYarn(), Backend.CUDA, ConvolutionEngine.FAST))
        .containsExactly(
            "model.engine = fast computes on the CPU (oneDNN, OpenBLAS, host memory) and cannot run on"
                + " ND4J's CUDA backend (this jar was built with -Pcuda): set model.engine = stock"
                + " (conf/gpu.conf does)");
  }

  @Test
  void executorGpusWithoutTaskGpus() {
    SparkConf conf = gpuOnYarn().remove("spark.task.resource.gpu.amount");
    assertThat(GpuChecks.problems(conf, Backend.CUDA, ConvolutionEngine.STOCK))
        .containsExactly(
            "spark.executor.resource.gpu.amount=1 but spark.task.resource.gpu.amount is not set,"
                + " so tasks get no GPU address to use: set spark.task.resource.gpu.amount=1");
  }

  @Test
  void moreTaskSlotsThanGpus() {
    SparkConf conf = gpuOnYarn().set("spark.task.cpus", "1");
    assertThat(GpuChecks.problems(conf, Backend.CUDA, ConvolutionEngine.STOCK))
        .containsExactly(
            "Executors have 4 task slots (spark.executor.cores=4 / spark.task.cpus=1) but GPUs"
                + " for 1 (spark.executor.resource.gpu.amount=1 /"
                + " spark.task.resource.gpu.amount=1): set spark.task.cpus=4 (one task per GPU,"
                + " its ND4J threads use the cores) or spark.executor.cores=1");
  }

  @Test
  void twoGpusPerExecutorTakeTwoTasks() {
    SparkConf two =
        gpuOnYarn().set("spark.executor.resource.gpu.amount", "2").set("spark.task.cpus", "2");
    assertThat(GpuChecks.problems(two, Backend.CUDA, ConvolutionEngine.STOCK)).isEmpty();
    two.set("spark.task.cpus", "1");
    assertThat(GpuChecks.problems(two, Backend.CUDA, ConvolutionEngine.STOCK))
        .singleElement()
        .asString()
        .startsWith("Executors have 4 task slots")
        .contains("but GPUs for 2")
        .endsWith(
            "set spark.task.cpus=2 (one task per GPU, its ND4J threads use the cores) or"
                + " spark.executor.cores=2");
  }

  @Test
  void defaultCoresPerClusterManager() {
    SparkConf yarn = gpuOnYarn();
    yarn.remove("spark.executor.cores");
    yarn.remove("spark.task.cpus");
    assertThat(GpuChecks.problems(yarn, Backend.CUDA, ConvolutionEngine.STOCK)).isEmpty();
    SparkConf localCluster =
        new SparkConf(false)
            .setMaster("local-cluster[2,2,1024]")
            .set("spark.executor.resource.gpu.amount", "1")
            .set("spark.task.resource.gpu.amount", "1");
    assertThat(GpuChecks.problems(localCluster, Backend.CUDA, ConvolutionEngine.STOCK))
        .singleElement()
        .asString()
        .startsWith("Executors have 2 task slots (spark.executor.cores=2 / spark.task.cpus=1)");
  }

  @Test
  void standaloneWithoutExecutorCores() {
    SparkConf standalone =
        new SparkConf(false)
            .setMaster("spark://host:7077")
            .set("spark.executor.resource.gpu.amount", "1")
            .set("spark.task.resource.gpu.amount", "1");
    assertThat(GpuChecks.problems(standalone, Backend.CUDA, ConvolutionEngine.STOCK))
        .containsExactly(
            "spark.executor.cores is not set: on a standalone cluster an executor then takes every"
                + " core of its worker, and so more task slots than GPUs; set"
                + " spark.executor.cores (with spark.task.cpus equal to it, one task per GPU)");
  }

  @Test
  void taskAskingMoreGpusThanItsExecutorHas() {
    SparkConf conf = gpuOnYarn().set("spark.task.resource.gpu.amount", "2");
    assertThat(GpuChecks.problems(conf, Backend.CUDA, ConvolutionEngine.STOCK))
        .containsExactly(
            "spark.task.resource.gpu.amount=2 is more than spark.executor.resource.gpu.amount=1,"
                + " so no task could start: set spark.task.resource.gpu.amount=1");
  }

  @Test
  void overheadSmallerThanNd4jOffHeap() {
    SparkConf conf = gpuOnYarn().set("spark.executor.memoryOverhead", "2g");
    assertThat(GpuChecks.problems(conf, Backend.CUDA, ConvolutionEngine.STOCK))
        .containsExactly(
            "Executor memory overhead is 2048m (spark.executor.memoryOverhead) but ND4J may hold"
                + " 6G off-heap (-Dorg.bytedeco.javacpp.maxbytes in"
                + " spark.executor.extraJavaOptions), so YARN would kill executors that use it:"
                + " set --conf spark.executor.memoryOverhead=6144m or more, or lower maxbytes in"
                + " conf/jvm.properties");
  }

  @Test
  void defaultOverheadOnKubernetes() {
    SparkConf conf = gpuOnYarn().setMaster("k8s://https://api:6443");
    conf.remove("spark.executor.memoryOverhead");
    assertThat(GpuChecks.problems(conf, Backend.CUDA, ConvolutionEngine.STOCK))
        .containsExactly(
            "Executor memory overhead is 819m (the default, max(384m, 0.1 x"
                + " spark.executor.memory=8g)) but ND4J may hold 6G off-heap"
                + " (-Dorg.bytedeco.javacpp.maxbytes in spark.executor.extraJavaOptions), so"
                + " Kubernetes would kill executors that use it: set --conf"
                + " spark.executor.memoryOverhead=6144m or more, or lower maxbytes in"
                + " conf/jvm.properties");
    conf.set("spark.executor.memoryOverheadFactor", "0.75");
    assertThat(GpuChecks.problems(conf, Backend.CUDA, ConvolutionEngine.STOCK)).isEmpty();
  }

  @Test
  void overheadIsNotCheckedWhereNoContainerIsKilledForIt() {
    SparkConf standalone =
        gpuOnYarn().setMaster("spark://host:7077").set("spark.executor.memoryOverhead", "1g");
    assertThat(GpuChecks.problems(standalone, Backend.CUDA, ConvolutionEngine.STOCK)).isEmpty();
  }

  @Test
  void checkListsEveryProblemAsOneError() {
    SparkConf conf =
        gpuOnYarn().set("spark.task.cpus", "1").set("spark.executor.memoryOverhead", "1g");
    assertThatThrownBy(() -> GpuChecks.check(conf, Backend.CUDA, ConvolutionEngine.FAST))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("model.engine = fast")
        .hasMessageContaining("\nerror: Executors have 4 task slots")
        .hasMessageContaining("\nerror: Executor memory overhead is 1024m");
  }

  @Test
  void gpuAmountThatIsNoNumber() {
    SparkConf conf = gpuOnYarn().set("spark.executor.resource.gpu.amount", "one");
    assertThatThrownBy(() -> GpuChecks.problems(conf, Backend.CUDA, ConvolutionEngine.STOCK))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid spark.executor.resource.gpu.amount: one (expected a number of GPUs, e.g. 1)");
  }
}
