package org.resnetspark.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;

/**
 * Everything the driver needs from the decoded examples before it writes shards, gathered in one
 * Spark job: the rejections, the examples seen, the train pixel statistics, the source bytes, the
 * kept examples per split and class, and per split how many each partition keeps (where the shard
 * writer's positions start, as {@code zipWithIndex} would number them, without its extra job).
 */
final class DecodeSummary implements Serializable {
  final List<Manifest.Rejection> rejected = new ArrayList<>();
  final PixelStats trainStats = new PixelStats();
  long examples;
  long sourceBytes;

  /** Kept examples: split to class index to count. */
  final Map<String, TreeMap<Integer, Long>> kept = new TreeMap<>();

  /** Kept examples: split to partition index to count. */
  private final Map<String, TreeMap<Integer, Long>> keptByPartition = new TreeMap<>();

  static DecodeSummary of(JavaRDD<DecodedExample> decoded) {
    DecodeSummary summary =
        decoded
            .mapPartitionsWithIndex(
                (partition, examples) -> List.of(summarise(partition, examples)).iterator(), false)
            .reduce(DecodeSummary::merge);
    summary.rejected.sort(Comparator.comparing(Manifest.Rejection::path));
    return summary;
  }

  private static DecodeSummary summarise(int partition, Iterator<DecodedExample> examples) {
    DecodeSummary summary = new DecodeSummary();
    while (examples.hasNext()) {
      summary.add(partition, examples.next());
    }
    return summary;
  }

  private void add(int partition, DecodedExample example) {
    examples++;
    sourceBytes += example.sourceBytes();
    if (!example.ok()) {
      rejected.add(new Manifest.Rejection(example.key(), example.rejectReason()));
      return;
    }
    kept.computeIfAbsent(example.split(), s -> new TreeMap<>())
        .merge(example.label(), 1L, Long::sum);
    keptByPartition
        .computeIfAbsent(example.split(), s -> new TreeMap<>())
        .merge(partition, 1L, Long::sum);
    if (example.split().equals(SourcePlan.TRAIN)) {
      trainStats.add(example);
    }
  }

  private DecodeSummary merge(DecodeSummary other) {
    rejected.addAll(other.rejected);
    trainStats.merge(other.trainStats);
    examples += other.examples;
    sourceBytes += other.sourceBytes;
    mergeCounts(kept, other.kept);
    mergeCounts(keptByPartition, other.keptByPartition);
    return this;
  }

  private static void mergeCounts(
      Map<String, TreeMap<Integer, Long>> into, Map<String, TreeMap<Integer, Long>> from) {
    from.forEach(
        (split, counts) -> {
          TreeMap<Integer, Long> target = into.computeIfAbsent(split, s -> new TreeMap<>());
          counts.forEach((key, count) -> target.merge(key, count, Long::sum));
        });
  }

  /** Kept examples of {@code split} in class {@code label}. */
  long kept(String split, int label) {
    return kept.getOrDefault(split, new TreeMap<>()).getOrDefault(label, 0L);
  }

  /**
   * For each of {@code partitions} partitions, the position of its first kept example of {@code
   * split} among all of them, numbering partition by partition.
   */
  long[] firstPositions(String split, int partitions) {
    TreeMap<Integer, Long> counts = keptByPartition.getOrDefault(split, new TreeMap<>());
    long[] first = new long[partitions];
    long position = 0;
    for (int p = 0; p < partitions; p++) {
      first[p] = position;
      position += counts.getOrDefault(p, 0L);
    }
    return first;
  }
}
