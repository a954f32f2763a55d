package org.resnetspark.data;

import java.util.List;
import org.resnetspark.config.Layout;

/**
 * What the driver decided about a source, without opening an image: the layout, the classes, the
 * listing tasks for the executors, and where {@code val} comes from.
 */
record SourcePlan(
    Layout layout, List<Manifest.ClassEntry> classes, List<ListingTask> tasks, String valSource) {

  static final String TRAIN = "train";
  static final String VAL = "val";
  static final String HOLDOUT = "holdout";

  boolean hasVal() {
    return !valSource.equals(HOLDOUT);
  }
}
