package org.resnetspark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Every visible file under one class folder (recursively) is an example of that class. */
record FolderListing(String split, int label, String dir) implements ListingTask {
  @Override
  public List<SourceItem> list(Configuration conf) throws IOException {
    Path path = new Path(dir);
    FileSystem fs = path.getFileSystem(conf);
    List<SourceItem> items = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(path, true);
    while (files.hasNext()) {
      LocatedFileStatus file = files.next();
      if (ListingTask.isVisible(file.getPath().getName())) {
        items.add(SourceItem.file(split, label, file.getPath().toString(), file.getLen()));
      }
    }
    items.sort(Comparator.comparing(SourceItem::key));
    return items;
  }
}
