package org.resnetspark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Several prepared folders as one: the train shards of all of them and the val split of the first,
 * which stays the same holdout however much data is added. Shard paths are absolute, so nothing is
 * copied.
 */
public final class TrainingSet {
  private TrainingSet() {}

  /** Writes the combined {@code manifest.json} to {@code location} and returns it. */
  public static Manifest combine(List<Manifest> parts, String location, Configuration conf)
      throws IOException {
    Manifest first = parts.get(0);
    Map<String, Long> perClass = new LinkedHashMap<>();
    List<Manifest.ShardEntry> shards = new ArrayList<>();
    long examples = 0;
    for (Manifest part : parts) {
      Manifest.SplitEntry train = part.splits().get(SourcePlan.TRAIN);
      if (train == null) {
        continue;
      }
      examples += train.examples();
      train.perClass().forEach((id, n) -> perClass.merge(id, n, Long::sum));
      train.shards().forEach(s -> shards.add(absolute(part, s)));
    }
    Map<String, Manifest.SplitEntry> splits = new LinkedHashMap<>();
    splits.put(SourcePlan.TRAIN, new Manifest.SplitEntry(examples, perClass, shards));
    Manifest.SplitEntry val = first.split(SourcePlan.VAL);
    splits.put(
        SourcePlan.VAL,
        new Manifest.SplitEntry(
            val.examples(),
            val.perClass(),
            val.shards().stream().map(s -> absolute(first, s)).toList()));
    Manifest combined =
        new Manifest(
            Manifest.FORMAT_VERSION,
            location,
            first.source(),
            first.layout(),
            first.classes(),
            splits,
            first.height(),
            first.width(),
            first.channels(),
            first.mean(),
            first.std(),
            first.preprocessing(),
            List.of(),
            first.run());
    combined.write(conf);
    return combined;
  }

  private static Manifest.ShardEntry absolute(Manifest part, Manifest.ShardEntry shard) {
    String path = new Path(part.location(), shard.path()).toString();
    return new Manifest.ShardEntry(path, shard.examples(), shard.bytes(), shard.sha256());
  }
}
