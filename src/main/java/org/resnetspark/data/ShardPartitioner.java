package org.resnetspark.data;

import org.apache.spark.Partitioner;

/** Sends position {@code i} of a shuffled split to shard {@code i / shardSize}. */
final class ShardPartitioner extends Partitioner {
  private final int shards;
  private final int shardSize;

  ShardPartitioner(int shards, int shardSize) {
    this.shards = shards;
    this.shardSize = shardSize;
  }

  @Override
  public int numPartitions() {
    return shards;
  }

  @Override
  public int getPartition(Object key) {
    return (int) ((Long) key / shardSize);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ShardPartitioner p && p.shards == shards && p.shardSize == shardSize;
  }

  @Override
  public int hashCode() {
    return 31 * shards + shardSize;
  }
}
