package org.resnetspark.data;

/** The height and width of an image. */
record Size(int height, int width) {

  /**
   * The size of a {@code height x width} image scaled so its shorter side has {@code side} pixels,
   * keeping the aspect ratio (rounded to the nearest pixel, at least 1).
   */
  static Size shorterSide(int height, int width, int side) {
    if (Math.min(height, width) == side) {
      return new Size(height, width);
    }
    if (height == width) {
      return new Size(side, side);
    }
    double scale = (double) side / Math.min(height, width);
    int newHeight = height < width ? side : Math.max(1, (int) Math.round(height * scale));
    int newWidth = width < height ? side : Math.max(1, (int) Math.round(width * scale));
    return new Size(newHeight, newWidth);
  }
}
