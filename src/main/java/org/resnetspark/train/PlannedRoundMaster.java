package org.resnetspark.train;

import org.apache.spark.api.java.JavaRDDLike;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * DL4J's parameter-averaging master, told how many paths the next round holds. Its {@code fitPaths}
 * counts the paths it is given with a Spark job of its own before the training job, only to decide
 * whether to split them; a round of the plan never needs splitting and its size is known on the
 * driver, so that job (one per round, pure overhead) is not run. Without a size given, the count
 * runs as before.
 */
final class PlannedRoundMaster extends ParameterAveragingTrainingMaster {
  private static final long UNKNOWN = -1;
  private long nextRoundPaths = UNKNOWN;

  PlannedRoundMaster(Builder builder) {
    super(builder);
  }

  /** The number of paths the next {@code fitPaths} receives. */
  void nextRoundHolds(long paths) {
    nextRoundPaths = paths;
  }

  @Override
  protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(
      JavaRDDLike<T, R> trainingData) {
    long known = nextRoundPaths;
    nextRoundPaths = UNKNOWN;
    return known == UNKNOWN ? super.getTotalDataSetObjectCount(trainingData) : known;
  }
}
