package org.resnetspark.model.layers;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * im2col and col2im for a group of images. The patch matrix is {@code [inChannels * kH * kW, images
 * * outH * outW]}, row-major: one row per filter weight, one column per output pixel, the images
 * side by side, so one matrix product serves the whole group and the matrix stays small enough to
 * be read from cache. Channels are processed in parallel.
 */
final class Patches {

  private Patches() {}

  /** Fills {@code col} from images {@code first .. first + count - 1} of the NCHW {@code input}. */
  static void im2col(ConvGeometry g, FloatBuffer input, int first, int count, FloatBuffer col) {
    int pixels = g.outH() * g.outW();
    int columns = count * pixels;
    channels(g)
        .forEach(
            c -> {
              float[] zeros = new float[g.outW()];
              for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++) {
                  int row = (c * g.kernelH() + kh) * g.kernelW() + kw;
                  for (int j = 0; j < count; j++) {
                    long plane = ((long) (first + j) * g.inChannels() + c) * g.inH() * g.inW();
                    int base = row * columns + j * pixels;
                    for (int oh = 0; oh < g.outH(); oh++) {
                      int ih = oh * g.strideH() - g.padTop() + kh;
                      int dst = base + oh * g.outW();
                      if (ih < 0 || ih >= g.inH()) {
                        col.put(dst, zeros, 0, g.outW());
                      } else {
                        copyRow(g, input, (int) (plane + (long) ih * g.inW()), kw, col, dst, zeros);
                      }
                    }
                  }
                }
              }
            });
  }

  private static void copyRow(
      ConvGeometry g,
      FloatBuffer input,
      int rowStart,
      int kw,
      FloatBuffer col,
      int dst,
      float[] zeros) {
    int shift = kw - g.padLeft();
    int stride = g.strideW();
    int lo = firstInside(g, shift);
    int hi = endInside(g, shift, lo);
    col.put(dst, zeros, 0, lo);
    if (stride == 1) {
      col.put(dst + lo, input, rowStart + lo + shift, hi - lo);
    } else {
      for (int ow = lo; ow < hi; ow++) {
        col.put(dst + ow, input.get(rowStart + ow * stride + shift));
      }
    }
    col.put(dst + hi, zeros, 0, g.outW() - hi);
  }

  /** Sums {@code col} back into images {@code first .. first + count - 1} of {@code inputGrad}. */
  static void col2im(ConvGeometry g, FloatBuffer col, int first, int count, FloatBuffer inputGrad) {
    int pixels = g.outH() * g.outW();
    int columns = count * pixels;
    int planeSize = g.inH() * g.inW();
    int stride = g.strideW();
    channels(g)
        .forEach(
            c -> {
              float[] plane = new float[planeSize];
              float[] row = new float[g.outW()];
              for (int j = 0; j < count; j++) {
                java.util.Arrays.fill(plane, 0f);
                for (int kh = 0; kh < g.kernelH(); kh++) {
                  for (int kw = 0; kw < g.kernelW(); kw++) {
                    int colRow = (c * g.kernelH() + kh) * g.kernelW() + kw;
                    int base = colRow * columns + j * pixels;
                    int shift = kw - g.padLeft();
                    int lo = firstInside(g, shift);
                    int hi = endInside(g, shift, lo);
                    for (int oh = 0; oh < g.outH(); oh++) {
                      int ih = oh * g.strideH() - g.padTop() + kh;
                      if (ih < 0 || ih >= g.inH()) {
                        continue;
                      }
                      col.get(base + oh * g.outW(), row, 0, g.outW());
                      int rowStart = ih * g.inW() + shift;
                      for (int ow = lo; ow < hi; ow++) {
                        plane[rowStart + ow * stride] += row[ow];
                      }
                    }
                  }
                }
                long offset = ((long) (first + j) * g.inChannels() + c) * planeSize;
                inputGrad.put((int) offset, plane, 0, planeSize);
              }
            });
  }

  /** The first output column whose input column {@code ow * stride + shift} is not left of 0. */
  private static int firstInside(ConvGeometry g, int shift) {
    int lo = shift >= 0 ? 0 : (-shift + g.strideW() - 1) / g.strideW();
    return Math.min(lo, g.outW());
  }

  /** One past the last output column whose input column is inside the image (at least lo). */
  private static int endInside(ConvGeometry g, int shift, int lo) {
    int last = g.inW() - 1 - shift;
    if (last < 0) {
      return lo;
    }
    return Math.max(lo, Math.min(g.outW(), last / g.strideW() + 1));
  }

  private static IntStream channels(ConvGeometry g) {
    return IntStream.range(0, (int) g.inChannels()).parallel();
  }
}
