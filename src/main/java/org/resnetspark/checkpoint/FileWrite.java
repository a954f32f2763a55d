package org.resnetspark.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one new file. Not with try-with-resources: a failed HDFS stream (quota exceeded, disk
 * full) throws the very same exception again from {@code close()}, which try-with-resources then
 * tries to add to itself and replaces with "Self-suppression not permitted", hiding the cause.
 */
final class FileWrite {
  /** What goes into the file. */
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private FileWrite() {}

  /** Creates {@code file} (it must not exist), writes {@code body}; returns the bytes written. */
  static long create(FileSystem fs, Path file, Body body) throws IOException {
    FSDataOutputStream out = fs.create(file, false);
    long bytes;
    try {
      body.writeTo(out);
      out.flush();
      bytes = out.getPos();
    } catch (IOException | RuntimeException e) {
      try {
        out.close();
      } catch (IOException | RuntimeException again) {
        if (again != e) {
          e.addSuppressed(again);
        }
      }
      throw e;
    }
    out.close();
    return bytes;
  }
}
