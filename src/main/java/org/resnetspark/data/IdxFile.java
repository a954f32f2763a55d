package org.resnetspark.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: a magic number whose last byte is the number of
 * dimensions, the dimensions as big-endian ints, then unsigned bytes. Gzipped files are recognised
 * by their name.
 */
final class IdxFile implements AutoCloseable {
  private final DataInputStream in;
  private final int count;
  private final int itemSize;
  private final int rows;
  private final int cols;
  private int position;

  private IdxFile(DataInputStream in, int count, int rows, int cols) {
    this.in = in;
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.itemSize = rows * cols;
  }

  /** Opens {@code raw} (gunzipping when {@code name} ends in .gz) and reads its header. */
  static IdxFile open(InputStream raw, String name) throws IOException {
    InputStream buffered = new BufferedInputStream(raw, 1 << 16);
    InputStream stream = name.endsWith(".gz") ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
    int magic = in.readInt();
    if ((magic >>> 8) != 0x08) {
      in.close();
      throw new IOException(
          name + " is not an unsigned-byte IDX file (magic " + Integer.toHexString(magic) + ")");
    }
    int dims = magic & 0xff;
    int count = in.readInt();
    int rows = dims >= 2 ? in.readInt() : 1;
    int cols = dims >= 3 ? in.readInt() : 1;
    for (int d = 3; d < dims; d++) {
      cols *= in.readInt();
    }
    return new IdxFile(in, count, rows, cols);
  }

  int count() {
    return count;
  }

  int rows() {
    return rows;
  }

  int cols() {
    return cols;
  }

  int position() {
    return position;
  }

  /** Moves forward to item {@code index}; an IDX stream cannot go back. */
  void skipTo(int index) throws IOException {
    if (index < position) {
      throw new IOException("Cannot go back from item " + position + " to " + index);
    }
    long bytes = (long) (index - position) * itemSize;
    while (bytes > 0) {
      long skipped = in.skip(bytes);
      if (skipped <= 0) {
        in.readByte();
        skipped = 1;
      }
      bytes -= skipped;
    }
    position = index;
  }

  /** The next item's bytes. */
  byte[] next() throws IOException {
    byte[] item = new byte[itemSize];
    in.readFully(item);
    position++;
    return item;
  }

  /** Reads all items of a label file (one byte each). */
  byte[] readAll() throws IOException {
    byte[] all = new byte[count * itemSize];
    in.readFully(all);
    position = count;
    return all;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
