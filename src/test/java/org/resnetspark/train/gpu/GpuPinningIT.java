package org.resnetspark.train.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.testing.SparkClusters;

/**
 * GPU resource scheduling on a real standalone cluster (two workers, executors in their own JVMs)
 * with a stand-in discovery script that gives the first worker GPU 3 and the second GPU 7, and
 * {@code CUDA_VISIBLE_DEVICES=3,7} on the executors. Every task must see its executor's address and
 * have been pinned by {@link GpuPlugin} to the matching device (3 -> 0, 7 -> 1) before it ran; on
 * the CPU backend the pinning sets nothing but is recorded and logged.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GpuPinningIT {
  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    SparkConf gpus =
        new SparkConf(false)
            .set("spark.worker.resource.gpu.amount", "1")
            .set("spark.worker.resource.gpu.discoveryScript", fakeDiscovery().toString())
            .set("spark.executor.resource.gpu.amount", "1")
            .set("spark.task.resource.gpu.amount", "1")
            .set("spark.executorEnv.CUDA_VISIBLE_DEVICES", "3,7")
            .set(
                "spark.executor.extraClassPath",
                SparkClusters.projectClasspath()
                    + File.pathSeparator
                    + Path.of("target/test-classes").toAbsolutePath());
    GpuConf.apply(gpus);
    spark = SparkClusters.standalone(GpuPinningIT.class, 2, 1024).config(gpus).getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Hands out one address per call, under a lock, in the order the workers start. */
  static Path fakeDiscovery() throws IOException {
    Path script = dir.resolve("discover.sh");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "set -euo pipefail",
            "dir=$(dirname \"$0\")",
            "exec 9>\"$dir/lock\"",
            "flock 9",
            "n=$(cat \"$dir/count\" 2>/dev/null || echo 0)",
            "echo $((n + 1)) > \"$dir/count\"",
            "addresses=(3 7)",
            "echo \"{\\\"name\\\":\\\"gpu\\\",\\\"addresses\\\":[\\\"${addresses[$n]}\\\"]}\"",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  @Test
  void eachTaskIsPinnedToItsExecutorsGpu() throws Exception {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<PinningProbe.Seen> seen =
        sc.parallelize(IntStream.range(0, 12).boxed().toList(), 12)
            .map(new PinningProbe())
            .collect();

    assertThat(seen).hasSize(12);
    Map<String, List<String>> addressesByExecutor =
        seen.stream()
            .collect(
                Collectors.groupingBy(
                    PinningProbe.Seen::executorId,
                    Collectors.mapping(PinningProbe.Seen::taskAddress, Collectors.toList())));
    assertThat(addressesByExecutor).hasSize(2);
    // One address per executor, a different one on each.
    assertThat(addressesByExecutor.values())
        .allSatisfy(addresses -> assertThat(addresses).containsOnly(addresses.get(0)));
    assertThat(addressesByExecutor.values().stream().map(a -> a.get(0)))
        .containsExactlyInAnyOrder("3", "7");
    for (PinningProbe.Seen s : seen) {
      assertThat(s.pinning()).as("task on executor %s", s.executorId()).isNotNull();
      assertThat(s.pinning().address()).isEqualTo(s.taskAddress());
      assertThat(s.pinning().device()).isEqualTo(s.taskAddress().equals("3") ? 0 : 1);
      assertThat(s.pinning().backend()).isEqualTo(Backend.CPU);
      assertThat(s.sum()).isEqualTo(6.0);
    }
    assertThat(executorLogs())
        .contains("ND4J CPU backend, GPU addresses 3")
        .contains("ND4J CPU backend, GPU addresses 7")
        .contains(
            "GPU address 3 (device 0) assigned, but ND4J runs on its CPU backend"
                + " (CUDA_VISIBLE_DEVICES=3,7, CUDA_DEVICE_ORDER=PCI_BUS_ID)")
        .contains("GPU address 7 (device 1) assigned, but ND4J runs on its CPU backend");
  }

  /**
   * The executors' stderr, which local-cluster workers write to {@code worker-*}/{@code <app
   * id>}/{@code <executor>}/stderr below the temporary folder.
   */
  private static String executorLogs() throws Exception {
    String app = spark.sparkContext().applicationId();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    String logs = "";
    for (int attempt = 0; attempt < 50 && !logs.contains("GPU address 7 (device 1)"); attempt++) {
      Thread.sleep(200);
      try (Stream<Path> workers = Files.list(tmp)) {
        logs =
            workers
                .filter(w -> w.getFileName().toString().startsWith("worker-"))
                .map(w -> w.resolve(app))
                .filter(Files::isDirectory)
                .flatMap(GpuPinningIT::executorDirs)
                .map(e -> e.resolve("stderr"))
                .filter(Files::isRegularFile)
                .map(GpuPinningIT::read)
                .collect(Collectors.joining("\n"));
      }
    }
    return logs;
  }

  private static Stream<Path> executorDirs(Path appDir) {
    try (Stream<Path> dirs = Files.list(appDir)) {
      return dirs.toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
