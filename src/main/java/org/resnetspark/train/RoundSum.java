package org.resnetspark.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sum of a round's worker results (parameters, updater state, scores, training stats) as it is
 * aggregated on the executors and carried to the driver, with its arrays as raw bytes ({@link
 * PackedArrays}). The sums are taken in place, in the first result's arrays, as DL4J's own
 * aggregation does.
 */
final class RoundSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient INDArray params;
  private transient INDArray updaterState;
  private double scoreSum;
  private int count;
  private SparkTrainingStats stats;

  private RoundSum(
      INDArray params, INDArray updaterState, double score, SparkTrainingStats stats, int count) {
    this.params = params;
    this.updaterState = updaterState;
    this.scoreSum = score;
    this.stats = stats;
    this.count = count;
  }

  /** {@code sum} (null before the first) with one worker's result added. */
  static RoundSum add(RoundSum sum, ParameterAveragingTrainingResult result) {
    RoundSum one =
        new RoundSum(
            result.getParameters(),
            result.getUpdaterState(),
            result.getScore(),
            result.getSparkTrainingStats(),
            1);
    return merge(sum, one);
  }

  /** The two sums as one; either may be null or hold no parameters (a worker without data). */
  static RoundSum merge(RoundSum a, RoundSum b) {
    if (a == null || a.params == null) {
      return b;
    }
    if (b == null || b.params == null) {
      return a;
    }
    a.params.addi(b.params);
    if (a.updaterState == null) {
      a.updaterState = b.updaterState;
    } else if (b.updaterState != null) {
      a.updaterState.addi(b.updaterState);
    }
    a.scoreSum += b.scoreSum;
    a.count += b.count;
    if (a.stats == null) {
      a.stats = b.stats;
    } else if (b.stats != null) {
      a.stats.addOtherTrainingStats(b.stats);
    }
    Nd4j.getExecutioner().commit();
    return a;
  }

  boolean hasParams() {
    return params != null;
  }

  /** The mean of the workers' parameters (the sum divided in place). */
  INDArray meanParams() {
    return params.divi(count);
  }

  /** The mean of the workers' updater state (in place), or null for a stateless updater. */
  INDArray meanUpdaterState() {
    return updaterState == null ? null : updaterState.divi(count);
  }

  double meanScore() {
    return scoreSum / count;
  }

  SparkTrainingStats stats() {
    return stats;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    PackedArrays.write(out, params);
    PackedArrays.write(out, updaterState);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    params = PackedArrays.read(in);
    updaterState = PackedArrays.read(in);
  }
}
