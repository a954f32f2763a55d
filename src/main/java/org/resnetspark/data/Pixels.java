package org.resnetspark.data;

/**
 * An 8-bit image in height x width x channels order, with the geometric operations that prepare and
 * the reader need. Immutable by convention: every operation returns a new image.
 */
public record Pixels(byte[] data, int height, int width, int channels) {

  public Pixels {
    if (data.length != height * width * channels) {
      throw new IllegalArgumentException(
          "Pixel buffer of " + data.length + " bytes for " + height + "x" + width + "x" + channels);
    }
  }

  int get(int y, int x, int c) {
    return data[(y * width + x) * channels + c] & 0xff;
  }

  /** Scales so the shorter side has {@code size} pixels, keeping the aspect ratio. */
  Pixels resizeShorterSide(int size) {
    if (Math.min(height, width) == size) {
      return this;
    }
    Size target = Size.shorterSide(height, width, size);
    return resize(target.height(), target.width());
  }

  /**
   * Resizes with an area average when shrinking by 2 or more (so no aliasing) followed by a
   * bilinear step to the exact size.
   */
  Pixels resize(int newHeight, int newWidth) {
    Pixels image = this;
    int factor = Math.min(height / newHeight, width / newWidth);
    if (factor >= 2) {
      image = image.shrink(factor);
    }
    return image.bilinear(newHeight, newWidth);
  }

  private Pixels shrink(int factor) {
    int h = height / factor;
    int w = width / factor;
    byte[] out = new byte[h * w * channels];
    int area = factor * factor;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < channels; c++) {
          int sum = 0;
          for (int dy = 0; dy < factor; dy++) {
            int row = ((y * factor + dy) * width + x * factor) * channels + c;
            for (int dx = 0; dx < factor; dx++) {
              sum += data[row + dx * channels] & 0xff;
            }
          }
          out[(y * w + x) * channels + c] = (byte) ((sum + area / 2) / area);
        }
      }
    }
    return new Pixels(out, h, w, channels);
  }

  private Pixels bilinear(int h, int w) {
    if (h == height && w == width) {
      return this;
    }
    byte[] out = new byte[h * w * channels];
    double sy = (double) height / h;
    double sx = (double) width / w;
    for (int y = 0; y < h; y++) {
      double fy = Math.max(0, Math.min(height - 1, (y + 0.5) * sy - 0.5));
      int y0 = (int) fy;
      int y1 = Math.min(height - 1, y0 + 1);
      double wy = fy - y0;
      for (int x = 0; x < w; x++) {
        double fx = Math.max(0, Math.min(width - 1, (x + 0.5) * sx - 0.5));
        int x0 = (int) fx;
        int x1 = Math.min(width - 1, x0 + 1);
        double wx = fx - x0;
        for (int c = 0; c < channels; c++) {
          double top = get(y0, x0, c) * (1 - wx) + get(y0, x1, c) * wx;
          double bottom = get(y1, x0, c) * (1 - wx) + get(y1, x1, c) * wx;
          out[(y * w + x) * channels + c] = (byte) (int) Math.round(top * (1 - wy) + bottom * wy);
        }
      }
    }
    return new Pixels(out, h, w, channels);
  }

  /** The {@code h x w} window at ({@code top}, {@code left}); parts outside the image are 0. */
  Pixels crop(int top, int left, int h, int w) {
    byte[] out = new byte[h * w * channels];
    for (int y = 0; y < h; y++) {
      int sourceY = top + y;
      if (sourceY < 0 || sourceY >= height) {
        continue;
      }
      for (int x = 0; x < w; x++) {
        int sourceX = left + x;
        if (sourceX >= 0 && sourceX < width) {
          System.arraycopy(
              data, (sourceY * width + sourceX) * channels, out, (y * w + x) * channels, channels);
        }
      }
    }
    return new Pixels(out, h, w, channels);
  }

  Pixels centreCrop(int h, int w) {
    return crop((height - h) / 2, (width - w) / 2, h, w);
  }

  Pixels flipHorizontally() {
    byte[] out = new byte[data.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        System.arraycopy(
            data,
            (y * width + x) * channels,
            out,
            (y * width + (width - 1 - x)) * channels,
            channels);
      }
    }
    return new Pixels(out, height, width, channels);
  }

  /** Grey to RGB by repeating the channel, RGB to grey by ITU-R 601 luma. */
  Pixels withChannels(int target) {
    if (target == channels) {
      return this;
    }
    int n = height * width;
    byte[] out = new byte[n * target];
    if (channels == 1 && target == 3) {
      for (int i = 0; i < n; i++) {
        out[i * 3] = data[i];
        out[i * 3 + 1] = data[i];
        out[i * 3 + 2] = data[i];
      }
    } else if (channels == 3 && target == 1) {
      for (int i = 0; i < n; i++) {
        int r = data[i * 3] & 0xff;
        int g = data[i * 3 + 1] & 0xff;
        int b = data[i * 3 + 2] & 0xff;
        out[i] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      }
    } else {
      throw new IllegalArgumentException("Cannot convert " + channels + " channels to " + target);
    }
    return new Pixels(out, height, width, target);
  }
}
