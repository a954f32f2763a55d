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
import org.resnetspark.config.Encoding;

/**
 * Runs on the executors: reads each source item, decodes and checks it, resizes it and encodes it
 * for the shard. Bad files become rejections, never failures. Items of one IDX file should come in
 * index order so the file is read once per partition.
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
    IdxFile idx = null;
    String idxPath = null;
    try {
      while (items.hasNext()) {
        SourceItem item = items.next();
        if (item.isIdx()) {
          if (idx == null || !item.path().equals(idxPath) || item.idxIndex() < idx.position()) {
            if (idx != null) {
              idx.close();
            }
            Path path = new Path(item.path());
            idx = IdxFile.open(path.getFileSystem(hadoop).open(path), item.path());
            idxPath = item.path();
          }
          idx.skipTo(item.idxIndex());
          byte[] grey = idx.next();
          out.add(encode(item, new Pixels(grey, idx.rows(), idx.cols(), 1), grey.length));
        } else {
          out.add(decodeFile(item, hadoop));
        }
      }
    } finally {
      if (idx != null) {
        idx.close();
      }
    }
    return out.iterator();
  }

  private DecodedExample decodeFile(SourceItem item, Configuration hadoop) {
    if (item.label() == FlatListing.NO_LABEL) {
      return DecodedExample.rejected(
          item, "no label: not in " + ImageNetLayout.VAL_SOLUTION + " or class not in train", 0);
    }
    byte[] bytes;
    try {
      bytes = read(item, hadoop);
    } catch (IOException | RuntimeException e) {
      return DecodedExample.rejected(item, "unreadable: " + e, Math.max(0, item.sizeBytes()));
    }
    if (bytes == null) {
      return DecodedExample.rejected(
          item, "too large: " + item.sizeBytes() + " bytes (limit " + MAX_FILE_BYTES + ")", 0);
    }
    try {
      return encode(item, ImageCodec.decode(bytes), bytes.length);
    } catch (RejectedImageException e) {
      return DecodedExample.rejected(item, e.getMessage(), bytes.length);
    }
  }

  private static byte[] read(SourceItem item, Configuration hadoop) throws IOException {
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

  private DecodedExample encode(SourceItem item, Pixels decoded, long sourceBytes) {
    Pixels pixels =
        options.resizeShorterSide() > 0
            ? decoded.resizeShorterSide(options.resizeShorterSide())
            : decoded;
    Encoding encoding = options.encoding().resolve(pixels.height(), pixels.width());
    byte[] image = ImageCodec.encode(pixels, encoding, options.jpegQuality());
    double[] sum = new double[3];
    double[] squares = new double[3];
    byte[] data = pixels.data();
    int c = pixels.channels();
    for (int i = 0; i < data.length; i++) {
      double v = (data[i] & 0xff) / 255.0;
      int channel = i % c;
      sum[channel] += v;
      squares[channel] += v * v;
    }
    if (c == 1) {
      sum[1] = sum[2] = sum[0];
      squares[1] = squares[2] = squares[0];
    }
    return new DecodedExample(
        item.key(),
        item.split(),
        item.label(),
        null,
        image,
        encoding,
        pixels.height(),
        pixels.width(),
        c,
        sourceBytes,
        sum,
        squares);
  }
}
