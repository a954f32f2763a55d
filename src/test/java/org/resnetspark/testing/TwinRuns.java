package org.resnetspark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.job.RunStart;
import org.resnetspark.job.TrainJob;
import org.resnetspark.progress.Progress;

/**
 * The undisturbed twin of a fault test's run: the same settings, trained straight through in the
 * same Spark session, and the comparison of the two runs' final models (parameters, batch-norm
 * statistics among them, and updater state: the momentum).
 */
public final class TwinRuns {
  private TwinRuns() {}

  /** Trains {@code settings} straight through into {@code runDir}; returns its last checkpoint. */
  public static Checkpoint straight(SparkSession spark, List<String> settings, String runDir)
      throws IOException {
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings);
    return TrainJob.run(
            spark,
            config.settings(),
            config.json(),
            RunStart.inDirectory(runDir),
            new Progress(new PrintStream(PrintStream.nullOutputStream())))
        .lastCheckpoint();
  }

  /** |actual - expected| / |expected| in the L2 norm. */
  public static double relativeL2(INDArray expected, INDArray actual) {
    return expected.sub(actual).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
  }

  /**
   * Asserts that both checkpoints are at the same global step and that their parameters and
   * momentum agree within {@code tolerance} relative L2.
   */
  public static void assertSameModel(
      Checkpoint expected, Checkpoint actual, double tolerance, Configuration conf)
      throws IOException {
    assertThat(actual.state().globalStep()).isEqualTo(expected.state().globalStep());
    ComputationGraph a = CheckpointStore.load(expected, conf);
    ComputationGraph b = CheckpointStore.load(actual, conf);
    assertThat(relativeL2(a.params(), b.params())).as("parameters").isLessThan(tolerance);
    assertThat(relativeL2(a.getUpdater().getStateViewArray(), b.getUpdater().getStateViewArray()))
        .as("momentum")
        .isLessThan(tolerance);
  }
}
