package org.resnetspark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.testing.SparkClusters;

/**
 * {@code bench scaling} on a real standalone cluster on loopback (master, workers and executors in
 * JVMs of their own), with the smallest network at 1 and then 2 executors: every part of the round
 * is there and positive, and the parts add up to the round DL4J timed.
 */
class ScalingBenchmarkIT {
  @TempDir Path work;

  /**
   * The benchmark starts a product cluster, not a test one: the test-mode properties other tests'
   * clusters leave in this JVM would make its workers look for Spark under a test folder that may
   * be gone (SparkConf reads every {@code spark.*} system property).
   */
  @BeforeAll
  static void leaveTestMode() {
    System.clearProperty("spark.testing");
    System.clearProperty("spark.test.home");
  }

  @Test
  void breaksRoundsDownAtOneAndTwoExecutors() throws Exception {
    ScalingBenchmark.Options options =
        new ScalingBenchmark.Options(
            List.of("resnet8"),
            List.of(1, 2),
            List.of(1),
            40,
            4,
            ScalingBenchmark.NATIVE_SIDE,
            SparkClusters.projectClasspath());

    List<ScalingBenchmark.Measurement> measured = ScalingBenchmark.run(work, options);

    assertThat(measured).extracting(ScalingBenchmark.Measurement::executors).containsExactly(1, 2);
    for (ScalingBenchmark.Measurement m : measured) {
      RoundBreakdown b = m.breakdown();
      // 40 images in shards of 4: 10 rounds with one executor, 5 with two.
      assertThat(b.rounds()).isEqualTo(10 / m.executors());
      assertThat(b.roundMs()).isPositive();
      assertThat(b.computeMs()).isPositive();
      assertThat(b.fitMs()).isPositive();
      assertThat(b.broadcastMs()).isPositive();
      assertThat(b.aggregateMs()).isPositive();
      assertThat(b.overheadMs()).isPositive();
      assertThat(b.partsMs()).isCloseTo(b.roundMs(), withinPercentage(10));
      assertThat(m.payloadBytes()).isPositive();
      assertThat(m.broadcastBytesPerRound()).isPositive();
      // Every task's result carries the parameters and updater state of its worker.
      assertThat(m.resultBytesPerRound())
          .isGreaterThanOrEqualTo(0.9 * m.executors() * m.payloadBytes());
    }
  }
}
