package org.resnetspark.data;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** A piece of the source listing, run on an executor: one folder, or one pair of IDX files. */
interface ListingTask extends Serializable {
  List<SourceItem> list(Configuration conf) throws IOException;

  /** Skips hidden files and the markers that Hadoop tools leave ({@code _SUCCESS}). */
  static boolean isVisible(String name) {
    return !name.startsWith(".") && !name.startsWith("_");
  }
}
