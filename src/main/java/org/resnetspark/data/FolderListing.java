package org.resnetspark.data;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Every visible file under one class folder (recursively) is an example of that class. */
record FolderListing(String split, int label, String dir) implements ListingTask {
  @Override
  public List<SourceItem> list(Configuration conf) throws IOException {
    Path path = new Path(dir);
    FileSystem fs = path.getFileSystem(conf);
    List<SourceItem> items = new ArrayList<>();
    // A walk of listStatus, not FileSystem.listFiles: listFiles builds a LocatedFileStatus per
    // file,
    // which copies its owner and permissions, and on the local file system without Hadoop's native
    // library each file's permissions cost a forked `ls` (a quarter of a second per file measured
    // on a busy machine). Only the path and the length are needed here.
    Deque<Path> folders = new ArrayDeque<>();
    folders.push(path);
    while (!folders.isEmpty()) {
      RemoteIterator<FileStatus> entries = fs.listStatusIterator(folders.pop());
      while (entries.hasNext()) {
        FileStatus entry = entries.next();
        if (entry.isDirectory()) {
          folders.push(entry.getPath());
        } else if (ListingTask.isVisible(entry.getPath().getName())) {
          items.add(SourceItem.file(split, label, entry.getPath().toString(), entry.getLen()));
        }
      }
    }
    items.sort(Comparator.comparing(SourceItem::key));
    return items;
  }
}
