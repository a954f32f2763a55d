package org.resnetspark.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Seeded choices per class: at most {@code limitPerClass} items per class and split (before
 * decoding, to save the work), and the stratified hold-out moved from train to {@code val} (after
 * decoding, so it is cut from readable images only). Both shuffle the sorted keys with the seed, so
 * they repeat.
 */
final class Selection {
  private Selection() {}

  static JavaRDD<SourceItem> limit(JavaRDD<SourceItem> listed, PrepareOptions o) {
    if (o.limitPerClass() == 0) {
      return listed;
    }
    return listed
        .groupBy(item -> item.split() + "/" + item.label())
        .flatMap(
            group -> {
              List<SourceItem> items = new ArrayList<>();
              group._2().forEach(items::add);
              items.sort(Comparator.comparing(SourceItem::key));
              Collections.shuffle(items, new Random(Seeds.derive(o.seed(), group._1())));
              return items.subList(0, Math.min(items.size(), o.limitPerClass())).iterator();
            });
  }

  /** The keys of the train examples that become {@code val}: the same share of every class. */
  static Set<String> holdout(JavaRDD<DecodedExample> decoded, PrepareOptions o) {
    List<String> held =
        decoded
            .filter(e -> e.ok() && e.split().equals(SourcePlan.TRAIN))
            .mapToPair(e -> new Tuple2<>(e.label(), e.key()))
            .groupByKey()
            .flatMap(
                group -> {
                  List<String> keys = new ArrayList<>();
                  group._2().forEach(keys::add);
                  Collections.sort(keys);
                  Collections.shuffle(
                      keys, new Random(Seeds.derive(o.seed(), "holdout/" + group._1())));
                  int count = (int) Math.round(keys.size() * o.valFraction());
                  return keys.subList(0, count).iterator();
                })
            .collect();
    return new HashSet<>(held);
  }
}
