package org.resnetspark.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;

/**
 * Per class and split, on the executors: keep at most {@code limitPerClass} items and, when the
 * source has no validation split, move a stratified share of train to {@code val}. Both choices are
 * a seeded shuffle of the sorted items, so they repeat for the same seed.
 */
final class Selection {
  private Selection() {}

  static JavaRDD<SourceItem> select(JavaRDD<SourceItem> listed, boolean holdout, PrepareOptions o) {
    if (!holdout && o.limitPerClass() == 0) {
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
              if (o.limitPerClass() > 0 && items.size() > o.limitPerClass()) {
                items = new ArrayList<>(items.subList(0, o.limitPerClass()));
              }
              if (holdout && items.get(0).split().equals(SourcePlan.TRAIN)) {
                int held = (int) Math.round(items.size() * o.valFraction());
                for (int i = 0; i < held; i++) {
                  items.set(i, items.get(i).inSplit(SourcePlan.VAL));
                }
              }
              return items.iterator();
            });
  }
}
