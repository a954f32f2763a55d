package org.resnetspark.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Reads the first images of the Fashion-MNIST training set (IDX format, gzip). */
final class FashionMnist {

  static final Path DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
  private static final int IMAGE_MAGIC = 2051;
  private static final int LABEL_MAGIC = 2049;
  private static final int CLASSES = 10;

  private FashionMnist() {}

  /** The first {@code count} training images, NCHW [count, 1, 28, 28] scaled to [0, 1]. */
  static DataSet first(int count) throws IOException {
    float[] pixels;
    int rows;
    int cols;
    try (DataInputStream in = open("train-images-idx3-ubyte.gz", IMAGE_MAGIC)) {
      in.readInt(); // number of images
      rows = in.readInt();
      cols = in.readInt();
      byte[] raw = in.readNBytes(count * rows * cols);
      pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xff) / 255f;
      }
    }
    float[] oneHot = new float[count * CLASSES];
    try (DataInputStream in = open("train-labels-idx1-ubyte.gz", LABEL_MAGIC)) {
      in.readInt(); // number of labels
      byte[] labels = in.readNBytes(count);
      for (int i = 0; i < count; i++) {
        oneHot[i * CLASSES + labels[i]] = 1f;
      }
    }
    return new DataSet(
        Nd4j.create(pixels, new long[] {count, 1, rows, cols}, 'c'),
        Nd4j.create(oneHot, new long[] {count, CLASSES}, 'c'));
  }

  private static DataInputStream open(String file, int magic) throws IOException {
    InputStream raw = Files.newInputStream(DIRECTORY.resolve(file));
    DataInputStream in = new DataInputStream(new GZIPInputStream(raw));
    int read = in.readInt();
    if (read != magic) {
      in.close();
      throw new IOException(file + ": magic number " + read + ", expected " + magic);
    }
    return in;
  }
}
