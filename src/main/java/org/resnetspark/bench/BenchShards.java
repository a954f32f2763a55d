package org.resnetspark.bench;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.Layout;
import org.resnetspark.data.FashionMnist;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.PrepareJob;
import org.resnetspark.data.PrepareOptions;

/** Fashion-MNIST training shards for the training benchmarks, prepared as {@code prepare} does. */
final class BenchShards {
  private BenchShards() {}

  /**
   * About {@code images} images (the same number per class) in shards of {@code shardSize}: with a
   * shard of {@code batch x averagingFrequency}, a worker's share of a round is one shard.
   */
  static Manifest fashionMnist(SparkSession spark, Path outDir, int images, int shardSize) {
    return fashionMnist(spark, outDir, images, shardSize, ScalingBenchmark.NATIVE_SIDE);
  }

  /**
   * The same, trained at {@code side} pixels square: other than Fashion-MNIST's 28, resized as
   * {@code data.resize} does (to 8/7 of the side, which {@code prepare}'s centre crop takes back to
   * the side).
   */
  static Manifest fashionMnist(
      SparkSession spark, Path outDir, int images, int shardSize, int side) {
    Path idx = FashionMnist.defaultDir();
    FashionMnist.requireFiles(idx);
    PrepareOptions options =
        PrepareOptions.defaults(idx.toString(), outDir.toString())
            .withLayout(Layout.IDX)
            .withLimitPerClass(Math.max(1, images / 10))
            .withShardSize(shardSize)
            .overwriting();
    if (side != ScalingBenchmark.NATIVE_SIDE) {
      options = options.withResizeShorterSide(PrepareOptions.resizeForCrop(side));
    }
    return PrepareJob.run(spark, options, m -> {});
  }
}
