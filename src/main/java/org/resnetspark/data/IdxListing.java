package org.resnetspark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** One images file with its labels file: one item per image, labelled from the labels file. */
record IdxListing(String split, String imagesPath, String labelsPath) implements ListingTask {
  @Override
  public List<SourceItem> list(Configuration conf) throws IOException {
    Path labels = new Path(labelsPath);
    byte[] values;
    try (IdxFile file = IdxFile.open(labels.getFileSystem(conf).open(labels), labelsPath)) {
      values = file.readAll();
    }
    List<SourceItem> items = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      items.add(SourceItem.idx(split, values[i] & 0xff, imagesPath, i));
    }
    return items;
  }
}
