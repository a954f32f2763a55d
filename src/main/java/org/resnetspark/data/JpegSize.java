package org.resnetspark.data;

/** Reads a JPEG's height and width from its frame header, without decoding it. */
final class JpegSize {
  private JpegSize() {}

  /** The size in the first start-of-frame marker, or null when there is none. */
  static Size of(byte[] jpeg) {
    int i = 2;
    while (i + 9 < jpeg.length) {
      if ((jpeg[i] & 0xff) != 0xff) {
        return null;
      }
      int marker = jpeg[i + 1] & 0xff;
      if (marker == 0xff) {
        i++; // fill byte
        continue;
      }
      int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
        int height = ((jpeg[i + 5] & 0xff) << 8) | (jpeg[i + 6] & 0xff);
        int width = ((jpeg[i + 7] & 0xff) << 8) | (jpeg[i + 8] & 0xff);
        return height > 0 && width > 0 ? new Size(height, width) : null;
      }
      i += 2 + length;
    }
    return null;
  }

  /**
   * The largest of 8, 4, 2 and 1 by which libjpeg can scale a {@code stored} image while decoding
   * (its DCT scaling, rounding up) and still cover {@code target}.
   */
  static int reduction(Size stored, Size target) {
    for (int r = 8; r > 1; r /= 2) {
      if ((stored.height() + r - 1) / r >= target.height()
          && (stored.width() + r - 1) / r >= target.width()) {
        return r;
      }
    }
    return 1;
  }
}
