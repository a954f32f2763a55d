package org.resnetspark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Runs on the executors: reads each source item, decodes and checks it, resizes it and encodes it
 * for the shard. Files that read but do not decode become rejections, never failures; reads that
 * fail are retried (see {@link RetryingRead}). Items of one IDX file should come in index order so
 * the file is read once per partition.
 */
final class ExampleDecoder implements FlatMapFunction<Iterator<SourceItem>, DecodedExample> {
  /** Larger files are rejected rather than read into memory. */
  static final long MAX_FILE_BYTES = 64L << 20;

  private final HadoopConf conf;
  private final PrepareOptions options;

  ExampleDecoder(HadoopConf conf, PrepareOptions options) {
    this.conf = conf;
    this.options = options;
  }

  @Override
  public Iterator<DecodedExample> call(Iterator<SourceItem> items) throws IOException {
    List<DecodedExample> out = new ArrayList<>();
    Configuration hadoop = conf.get();
    try (IdxReader idx = new IdxReader()) {
      while (items.hasNext()) {
        SourceItem item = items.next();
        if (item.isIdx()) {
          Pixels pixels = idx.read(item, hadoop);
          PreparedImage image =
              JavaImages.prepare(
                  pixels, options.resizeShorterSide(), options.encoding(), options.jpegQuality());
          out.add(encode(item, image, pixels.data().length));
        } else {
          out.add(decodeFile(item, hadoop));
        }
      }
    }
    return out.iterator();
  }

  private DecodedExample decodeFile(SourceItem item, Configuration hadoop) throws IOException {
    if (item.label() == FlatListing.NO_LABEL) {
      return DecodedExample.rejected(
          item, "no label: not in " + ImageNetLayout.VAL_SOLUTION + " or class not in train", 0);
    }
    // An I/O error is the file system's, not the image's: retried, then the task fails.
    byte[] bytes = RetryingRead.read(item.path(), () -> read(item, hadoop));
    if (bytes == null) {
      return DecodedExample.rejected(
          item, "too large: " + item.sizeBytes() + " bytes (limit " + MAX_FILE_BYTES + ")", 0);
    }
    try {
      PreparedImage image =
          ImageDecoders.selected()
              .prepare(
                  bytes, options.resizeShorterSide(), options.encoding(), options.jpegQuality());
      return encode(item, image, bytes.length);
    } catch (RejectedImageException e) {
      return DecodedExample.rejected(item, e.getMessage(), bytes.length);
    }
  }

  static byte[] read(SourceItem item, Configuration hadoop) throws IOException {
    Path path = new Path(item.path());
    FileSystem fs = path.getFileSystem(hadoop);
    long size = item.sizeBytes() >= 0 ? item.sizeBytes() : fs.getFileStatus(path).getLen();
    if (size > MAX_FILE_BYTES) {
      return null;
    }
    byte[] bytes = new byte[(int) size];
    try (FSDataInputStream in = fs.open(path)) {
      in.readFully(0, bytes);
    }
    return bytes;
  }

  private static DecodedExample encode(SourceItem item, PreparedImage image, long sourceBytes) {
    return new DecodedExample(
        item.key(),
        item.split(),
        item.label(),
        null,
        image.image(),
        image.encoding(),
        image.height(),
        image.width(),
        image.channels(),
        sourceBytes,
        image.sum(),
        image.sumOfSquares());
  }
}
