package org.resnetspark.data;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads the images of IDX entries one after another, keeping the file open between them: an IDX
 * stream (gzipped, mostly) only goes forward, so entries of one file in index order read it once;
 * an entry of another file, or an earlier index, opens the file again.
 */
final class IdxReader implements AutoCloseable {
  private IdxFile file;
  private String path;

  /** The image of {@code item} (an IDX entry), as grey pixels. */
  Pixels read(SourceItem item, Configuration conf) throws IOException {
    if (file == null || !item.path().equals(path) || item.idxIndex() < file.position()) {
      close();
      Path p = new Path(item.path());
      file = IdxFile.open(p.getFileSystem(conf).open(p), item.path());
      path = item.path();
    }
    file.skipTo(item.idxIndex());
    return new Pixels(file.next(), file.rows(), file.cols(), 1);
  }

  @Override
  public void close() throws IOException {
    if (file != null) {
      file.close();
      file = null;
      path = null;
    }
  }
}
