package org.resnetspark.model.layers;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The first images of the installed Fashion-MNIST training set (gzip IDX), scaled to [0, 1]. */
final class FashionMnist {

  static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
  static final int CLASSES = 10;

  private FashionMnist() {}

  static DataSet firstTraining(int count) throws IOException {
    float[] pixels = new float[count * 28 * 28];
    try (DataInputStream in = open("train-images-idx3-ubyte.gz", 0x803)) {
      in.readInt();
      in.readInt();
      in.readInt();
      byte[] raw = new byte[pixels.length];
      in.readFully(raw);
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xff) / 255f;
      }
    }
    INDArray labels = Nd4j.zeros(DataType.FLOAT, count, CLASSES);
    try (DataInputStream in = open("train-labels-idx1-ubyte.gz", 0x801)) {
      in.readInt();
      for (int i = 0; i < count; i++) {
        labels.putScalar(i, in.readUnsignedByte(), 1f);
      }
    }
    return new DataSet(Nd4j.create(pixels, new long[] {count, 1, 28, 28}, 'c'), labels);
  }

  private static DataInputStream open(String name, int magic) throws IOException {
    InputStream raw = new GZIPInputStream(Files.newInputStream(DIR.resolve(name)));
    DataInputStream in = new DataInputStream(raw);
    int found = in.readInt();
    if (found != magic) {
      in.close();
      throw new IOException(name + ": magic " + found + ", expected " + magic);
    }
    return in;
  }
}
