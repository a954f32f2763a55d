package org.resnetspark.data;

import java.io.IOException;
import org.resnetspark.config.Encoding;

/** The fallback decoder: ImageIO (with TwelveMonkeys for CMYK JPEGs) and {@link Pixels}. */
final class JavaImages implements Images {

  @Override
  public String name() {
    return "java";
  }

  @Override
  public void deliver(
      StoredExample row,
      Window window,
      int channels,
      Normalisation normalisation,
      float[] out,
      int offset)
      throws IOException {
    Pixels stored =
        ImageCodec.decodeStored(
            row.image(), row.encoding(), row.height(), row.width(), row.channels());
    normalise(
        Augmenter.apply(stored.withChannels(channels), window),
        channels,
        normalisation,
        out,
        offset);
  }

  /** Writes {@code image} as normalised float planes. */
  void normalise(Pixels image, int channels, Normalisation normalisation, float[] out, int offset) {
    byte[] data = image.data();
    int plane = image.height() * image.width();
    for (int c = 0; c < channels; c++) {
      float scale = normalisation.scale()[c];
      float shift = normalisation.shift()[c];
      int base = offset + c * plane;
      for (int p = 0; p < plane; p++) {
        out[base + p] = (data[p * channels + c] & 0xff) * scale - shift;
      }
    }
  }

  @Override
  public PreparedImage prepare(byte[] source, int shorterSide, Encoding encoding, int jpegQuality)
      throws RejectedImageException {
    return prepare(ImageCodec.decode(source), shorterSide, encoding, jpegQuality);
  }

  /** Prepares decoded pixels (IDX entries and the files OpenCV does not read come this way). */
  static PreparedImage prepare(Pixels decoded, int shorterSide, Encoding encoding, int quality) {
    Pixels pixels = shorterSide > 0 ? decoded.resizeShorterSide(shorterSide) : decoded;
    Encoding resolved = encoding.resolve(pixels.height(), pixels.width());
    byte[] image = ImageCodec.encode(pixels, resolved, quality);
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
    return new PreparedImage(image, resolved, pixels.height(), pixels.width(), c, sum, squares);
  }
}
