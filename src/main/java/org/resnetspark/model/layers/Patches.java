package org.resnetspark.model.layers;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * im2col and col2im for a group of images held in heap arrays. The patch matrix is {@code
 * [inChannels * kH * kW, images * outH * outW]}, row-major: one row per filter weight, one column
 * per output pixel, the images side by side, so one matrix product serves the whole group and the
 * matrix stays small enough to be read from cache. Channels are processed in parallel; the images
 * array holds only the group, {@code [count, inChannels, inH, inW]}.
 */
final class Patches {

  private Patches() {}

  static void im2col(ConvGeometry g, float[] images, int count, float[] col) {
    int pixels = g.outH() * g.outW();
    int columns = count * pixels;
    int outW = g.outW();
    int stride = g.strideW();
    channels(g)
        .forEach(
            c -> {
              for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++) {
                  int row = (c * g.kernelH() + kh) * g.kernelW() + kw;
                  int shift = kw - g.padLeft();
                  int lo = firstInside(g, shift);
                  int hi = endInside(g, shift, lo);
                  for (int j = 0; j < count; j++) {
                    int plane = (j * (int) g.inChannels() + c) * g.inH() * g.inW();
                    int base = row * columns + j * pixels;
                    for (int oh = 0; oh < g.outH(); oh++) {
                      int ih = oh * g.strideH() - g.padTop() + kh;
                      int dst = base + oh * outW;
                      if (ih < 0 || ih >= g.inH()) {
                        Arrays.fill(col, dst, dst + outW, 0f);
                        continue;
                      }
                      int src = plane + ih * g.inW() + shift;
                      for (int ow = 0; ow < lo; ow++) {
                        col[dst + ow] = 0f;
                      }
                      if (stride == 1) {
                        System.arraycopy(images, src + lo, col, dst + lo, hi - lo);
                      } else {
                        for (int ow = lo; ow < hi; ow++) {
                          col[dst + ow] = images[src + ow * stride];
                        }
                      }
                      for (int ow = hi; ow < outW; ow++) {
                        col[dst + ow] = 0f;
                      }
                    }
                  }
                }
              }
            });
  }

  /** Sums the patch-matrix gradient back into the images' gradient, which it overwrites. */
  static void col2im(ConvGeometry g, float[] col, int count, float[] images) {
    int pixels = g.outH() * g.outW();
    int columns = count * pixels;
    int planeSize = g.inH() * g.inW();
    int outW = g.outW();
    int stride = g.strideW();
    channels(g)
        .forEach(
            c -> {
              for (int j = 0; j < count; j++) {
                int plane = (j * (int) g.inChannels() + c) * planeSize;
                Arrays.fill(images, plane, plane + planeSize, 0f);
                for (int kh = 0; kh < g.kernelH(); kh++) {
                  for (int kw = 0; kw < g.kernelW(); kw++) {
                    int row = (c * g.kernelH() + kh) * g.kernelW() + kw;
                    int base = row * columns + j * pixels;
                    int shift = kw - g.padLeft();
                    int lo = firstInside(g, shift);
                    int hi = endInside(g, shift, lo);
                    for (int oh = 0; oh < g.outH(); oh++) {
                      int ih = oh * g.strideH() - g.padTop() + kh;
                      if (ih < 0 || ih >= g.inH()) {
                        continue;
                      }
                      int src = base + oh * outW;
                      int dst = plane + ih * g.inW() + shift;
                      if (stride == 1) {
                        for (int ow = lo; ow < hi; ow++) {
                          images[dst + ow] += col[src + ow];
                        }
                      } else {
                        for (int ow = lo; ow < hi; ow++) {
                          images[dst + ow * stride] += col[src + ow];
                        }
                      }
                    }
                  }
                }
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
