package org.resnetspark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A flat folder whose labels come from a table keyed by file name without extension (ImageNet's
 * {@code val/} with {@code LOC_val_solution.csv}). A file with no entry gets label -1 and is
 * rejected later with that reason.
 */
record FlatListing(String split, String dir, Map<String, Integer> labelsByImageId)
    implements ListingTask {
  static final int NO_LABEL = -1;

  @Override
  public List<SourceItem> list(Configuration conf) throws IOException {
    Path path = new Path(dir);
    FileSystem fs = path.getFileSystem(conf);
    List<SourceItem> items = new ArrayList<>();
    for (FileStatus file : fs.listStatus(path)) {
      String name = file.getPath().getName();
      if (file.isFile() && ListingTask.isVisible(name)) {
        int dot = name.lastIndexOf('.');
        String imageId = dot > 0 ? name.substring(0, dot) : name;
        int label = labelsByImageId.getOrDefault(imageId, NO_LABEL);
        items.add(SourceItem.file(split, label, file.getPath().toString(), file.getLen()));
      }
    }
    return items;
  }
}
