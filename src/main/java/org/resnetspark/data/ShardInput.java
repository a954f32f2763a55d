package org.resnetspark.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.ConfigException;

/**
 * What the trainer and the evaluator use: the paths of one split for {@code
 * SparkComputationGraph.fitPaths} or {@code doEvaluation}, and the loader that turns each path into
 * a DataSet on the executors. Each path is a range of {@link #examplesPerPath()} rows of one shard
 * (the last range of a split may be shorter), so every example is in exactly one path.
 */
public final class ShardInput {
  /**
   * Small enough that DL4J's parameter averaging (which hands each worker {@code batchSize *
   * averagingFrequency / examplesPerPath} paths per round) keeps its averaging period.
   */
  public static final int DEFAULT_EXAMPLES_PER_PATH = 32;

  private final List<String> paths;
  private final int examplesPerPath;
  private final long examples;
  private final ShardLoader loader;

  private ShardInput(List<String> paths, int examplesPerPath, long examples, ShardLoader loader) {
    this.paths = List.copyOf(paths);
    this.examplesPerPath = examplesPerPath;
    this.examples = examples;
    this.loader = loader;
  }

  /**
   * The training input for minibatches of {@code batch}: paths as {@link #of(Manifest, String,
   * Augmentation, long)} makes them when they divide the minibatch or the minibatch divides them,
   * otherwise the largest that divide both the shard and the minibatch. DL4J's {@code
   * IteratorDataSetIterator} cuts a path that straddles two minibatches with {@code
   * DataSet.getRange} and fails on the executor when it merges the remainder with the next path
   * (shards of 40, minibatches of 8: paths of 20 killed the task).
   */
  public static ShardInput forTraining(
      Manifest manifest, Augmentation augmentation, long epochSeed, int batch) {
    int shardSize = manifest.preprocessing().shardSize();
    int perPath = largestDivisor(shardSize, DEFAULT_EXAMPLES_PER_PATH);
    if (perPath % batch != 0 && batch % perPath != 0) {
      perPath = largestDivisor(gcd(shardSize, batch), perPath);
    }
    return of(manifest, "train", augmentation, epochSeed, perPath);
  }

  public static ShardInput of(
      Manifest manifest, String split, Augmentation augmentation, long epochSeed) {
    int perPath = largestDivisor(manifest.preprocessing().shardSize(), DEFAULT_EXAMPLES_PER_PATH);
    return of(manifest, split, augmentation, epochSeed, perPath);
  }

  /** As {@link #of(Manifest, String, Augmentation, long)}, with paths of a chosen size. */
  public static ShardInput of(
      Manifest manifest,
      String split,
      Augmentation augmentation,
      long epochSeed,
      int examplesPerPath) {
    int shardSize = manifest.preprocessing().shardSize();
    if (examplesPerPath < 1 || shardSize % examplesPerPath != 0) {
      throw new ConfigException(
          "Invalid examples per path: %d (expected a divisor of the shard size %d)",
          examplesPerPath, shardSize);
    }
    Manifest.SplitEntry entry = manifest.split(split);
    List<String> paths = new ArrayList<>();
    for (Manifest.ShardEntry shard : entry.shards()) {
      String file = new Path(manifest.location(), shard.path()).toString();
      for (int from = 0; from < shard.examples(); from += examplesPerPath) {
        int to = Math.min(from + examplesPerPath, shard.examples());
        paths.add(examplesPerPath == shardSize ? file : new ShardPath(file, from, to).toString());
      }
    }
    Augmenter augmenter =
        new Augmenter(
            augmentation,
            manifest.height(),
            manifest.width(),
            manifest.preprocessing().resizeShorterSide() > 0);
    ShardLoader loader =
        new ShardLoader(
            augmenter,
            manifest.channels(),
            manifest.numClasses(),
            manifest.mean(),
            manifest.std(),
            epochSeed);
    return new ShardInput(paths, examplesPerPath, entry.examples(), loader);
  }

  public List<String> paths() {
    return paths;
  }

  public int examplesPerPath() {
    return examplesPerPath;
  }

  public DataSetLoader loader() {
    return loader;
  }

  public long examples() {
    return examples;
  }

  /** The largest divisor of {@code n} that is at most {@code atMost}. */
  private static int largestDivisor(int n, int atMost) {
    int d = Math.min(n, atMost);
    while (n % d != 0) {
      d--;
    }
    return d;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
