package org.resnetspark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * One images file with its labels file: one item per image, labelled from the labels file. Without
 * a labels file ({@code labelsPath} null, which only predict lists) the items are unlabelled and
 * their number is the images file's header's.
 */
record IdxListing(String split, String imagesPath, String labelsPath) implements ListingTask {
  @Override
  public List<SourceItem> list(Configuration conf) throws IOException {
    if (labelsPath == null) {
      return unlabelled(conf);
    }
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

  private List<SourceItem> unlabelled(Configuration conf) throws IOException {
    Path images = new Path(imagesPath);
    int count;
    try (IdxFile file = IdxFile.open(images.getFileSystem(conf).open(images), imagesPath)) {
      count = file.count();
    }
    List<SourceItem> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(SourceItem.idx(split, FlatListing.NO_LABEL, imagesPath, i));
    }
    return items;
  }
}
