package org.resnetspark.train;

import org.apache.spark.util.AccumulatorV2;
import org.resnetspark.model.OutputScore;

/**
 * Sums the workers' {@link OutputScore}s: each task adds to its own copy, and Spark merges the
 * copies of successful tasks into the driver's as the tasks finish.
 */
final class ScoreAccumulator extends AccumulatorV2<OutputScore, OutputScore> {
  private OutputScore sum = OutputScore.NONE;

  @Override
  public boolean isZero() {
    return sum.examples() == 0 && sum.lossSum() == 0;
  }

  @Override
  public AccumulatorV2<OutputScore, OutputScore> copy() {
    ScoreAccumulator copy = new ScoreAccumulator();
    copy.sum = sum;
    return copy;
  }

  @Override
  public void reset() {
    sum = OutputScore.NONE;
  }

  @Override
  public synchronized void add(OutputScore score) {
    sum = sum.plus(score);
  }

  @Override
  public void merge(AccumulatorV2<OutputScore, OutputScore> other) {
    add(other.value());
  }

  @Override
  public synchronized OutputScore value() {
    return sum;
  }
}
