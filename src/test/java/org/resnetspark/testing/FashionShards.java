package org.resnetspark.testing;

import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.Layout;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.PrepareJob;
import org.resnetspark.data.PrepareOptions;

/** Shards of the first images per class of Debian's Fashion-MNIST, for the tests' tiny runs. */
public final class FashionShards {
  public static final String SOURCE = "/usr/share/datasets/fashion-mnist";

  private FashionShards() {}

  public static Manifest prepare(SparkSession spark, String shards, int perClass, int shardSize) {
    PrepareOptions options =
        PrepareOptions.defaults(SOURCE, shards)
            .withLayout(Layout.IDX)
            .withLimitPerClass(perClass)
            .withShardSize(shardSize);
    return PrepareJob.run(spark, options, s -> {});
  }
}
