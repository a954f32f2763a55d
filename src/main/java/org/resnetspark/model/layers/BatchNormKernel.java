package org.resnetspark.model.layers;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Batch normalisation over the channels of a dense NCHW float minibatch, one channel per task: a
 * pass for the statistics and a pass for the output, and in backprop a pass for the two sums and a
 * pass for the input gradient, each reading planes of {@code height * width} floats in order.
 */
final class BatchNormKernel {

  private BatchNormKernel() {}

  /**
   * Per-channel mean and biased variance. Values are taken relative to the channel's first value
   * (so a large mean does not cancel the variance away), summed in float over one plane with eight
   * independent accumulators, and the planes' sums added in double.
   */
  static void statistics(
      FloatBuffer x, int batch, int channels, int plane, double[] mean, double[] var) {
    long count = (long) batch * plane;
    parallel(channels)
        .forEach(
            c -> {
              float[] values = new float[plane];
              float pivot = x.get(offset(0, c, channels, plane));
              double sum = 0;
              double sumSq = 0;
              float[] sums = new float[2];
              for (int n = 0; n < batch; n++) {
                x.get(offset(n, c, channels, plane), values, 0, plane);
                planeSums(values, plane, pivot, sums);
                sum += sums[0];
                sumSq += sums[1];
              }
              double shifted = sum / count;
              mean[c] = pivot + shifted;
              var[c] = Math.max(0, sumSq / count - shifted * shifted);
            });
  }

  /** {@code sums[0] = sum(v - pivot)}, {@code sums[1] = sum((v - pivot)^2)} over {@code n}. */
  static void planeSums(float[] v, int n, float pivot, float[] sums) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    float q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0, q6 = 0, q7 = 0;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      float a0 = v[i] - pivot;
      float a1 = v[i + 1] - pivot;
      float a2 = v[i + 2] - pivot;
      float a3 = v[i + 3] - pivot;
      float a4 = v[i + 4] - pivot;
      float a5 = v[i + 5] - pivot;
      float a6 = v[i + 6] - pivot;
      float a7 = v[i + 7] - pivot;
      s0 += a0;
      s1 += a1;
      s2 += a2;
      s3 += a3;
      s4 += a4;
      s5 += a5;
      s6 += a6;
      s7 += a7;
      q0 += a0 * a0;
      q1 += a1 * a1;
      q2 += a2 * a2;
      q3 += a3 * a3;
      q4 += a4 * a4;
      q5 += a5 * a5;
      q6 += a6 * a6;
      q7 += a7 * a7;
    }
    for (; i < n; i++) {
      float a = v[i] - pivot;
      s0 += a;
      q0 += a * a;
    }
    sums[0] = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    sums[1] = ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7));
  }

  /** {@code sums[0] = sum(g)}, {@code sums[1] = sum(g * (x - m))} over {@code n}. */
  static void gradientSums(float[] g, float[] x, int n, float m, float[] sums) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    float p0 = 0, p1 = 0, p2 = 0, p3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      s0 += g[i];
      s1 += g[i + 1];
      s2 += g[i + 2];
      s3 += g[i + 3];
      p0 += g[i] * (x[i] - m);
      p1 += g[i + 1] * (x[i + 1] - m);
      p2 += g[i + 2] * (x[i + 2] - m);
      p3 += g[i + 3] * (x[i + 3] - m);
    }
    for (; i < n; i++) {
      s0 += g[i];
      p0 += g[i] * (x[i] - m);
    }
    sums[0] = (s0 + s1) + (s2 + s3);
    sums[1] = (p0 + p1) + (p2 + p3);
  }

  /** {@code y = x * scale[c] + shift[c]}. */
  static void affine(
      FloatBuffer x,
      FloatBuffer y,
      int batch,
      int channels,
      int plane,
      float[] scale,
      float[] shift) {
    affineAtLeast(x, y, batch, channels, plane, scale, shift, Float.NEGATIVE_INFINITY);
  }

  /** {@code y = max(x * scale[c] + shift[c], 0)}: batch norm and ReLU in one pass. */
  static void affineRelu(
      FloatBuffer x,
      FloatBuffer y,
      int batch,
      int channels,
      int plane,
      float[] scale,
      float[] shift) {
    affineAtLeast(x, y, batch, channels, plane, scale, shift, 0f);
  }

  /** {@code y = max(x * scale[c] + shift[c], floor)}; a floor of -infinity leaves every value. */
  private static void affineAtLeast(
      FloatBuffer x,
      FloatBuffer y,
      int batch,
      int channels,
      int plane,
      float[] scale,
      float[] shift,
      float floor) {
    parallel(channels)
        .forEach(
            c -> {
              float[] values = new float[plane];
              float a = scale[c];
              float b = shift[c];
              for (int n = 0; n < batch; n++) {
                int at = offset(n, c, channels, plane);
                x.get(at, values, 0, plane);
                for (int i = 0; i < plane; i++) {
                  values[i] = Math.max(values[i] * a + b, floor);
                }
                y.put(at, values, 0, plane);
              }
            });
  }

  /**
   * Gradients of {@code y = gamma * (x - mean) / std + beta} with batch statistics: fills {@code
   * dGamma}, {@code dBeta} and {@code dx}.
   */
  static void backward(
      FloatBuffer x,
      FloatBuffer dy,
      FloatBuffer dx,
      int batch,
      int channels,
      int plane,
      double[] mean,
      double[] std,
      float[] gamma,
      float[] dGamma,
      float[] dBeta) {
    gradients(x, dy, dx, batch, channels, plane, mean, std, gamma, null, dGamma, dBeta);
  }

  /**
   * Gradients of {@code y = max(x * scale[c] + shift[c], 0)}, the batch norm of {@link #backward}
   * followed by ReLU. The ReLU's mask is computed again from {@code x} with the forward pass's own
   * float {@code scale} and {@code shift} (the same rounding, so the same units are on), which
   * needs no copy of the normalised values: {@code dy} counts where {@code x * scale + shift > 0}.
   */
  static void backwardRectified(
      FloatBuffer x,
      FloatBuffer dy,
      FloatBuffer dx,
      int batch,
      int channels,
      int plane,
      double[] mean,
      double[] std,
      float[] gamma,
      Affine affine,
      float[] dGamma,
      float[] dBeta) {
    gradients(x, dy, dx, batch, channels, plane, mean, std, gamma, affine, dGamma, dBeta);
  }

  /** The per-channel {@code scale} and {@code shift} of a forward pass. */
  record Affine(float[] scale, float[] shift) {}

  /** {@code g[i] = 0} where {@code x[i] * a + b <= 0}, without a branch per element. */
  static void mask(float[] g, float[] x, int n, float a, float b) {
    for (int i = 0; i < n; i++) {
      int z = Float.floatToRawIntBits(x[i] * a + b);
      // All ones where z is a positive float (its bits a positive int), zero otherwise (-0 too).
      int on = (-z & ~z) >> 31;
      g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & on);
    }
  }

  // rectifier: null for plain batch norm, the forward pass's coefficients for batch norm + ReLU.
  private static void gradients(
      FloatBuffer x,
      FloatBuffer dy,
      FloatBuffer dx,
      int batch,
      int channels,
      int plane,
      double[] mean,
      double[] std,
      float[] gamma,
      Affine rectifier,
      float[] dGamma,
      float[] dBeta) {
    double count = (double) batch * plane;
    parallel(channels)
        .forEach(
            c -> {
              float[] xs = new float[plane];
              float[] gs = new float[plane];
              float m = (float) mean[c];
              float inv = (float) (1 / std[c]);
              double sumDy = 0;
              double sumDyCentred = 0;
              float[] sums = new float[2];
              for (int n = 0; n < batch; n++) {
                int at = offset(n, c, channels, plane);
                x.get(at, xs, 0, plane);
                dy.get(at, gs, 0, plane);
                if (rectifier != null) {
                  mask(gs, xs, plane, rectifier.scale()[c], rectifier.shift()[c]);
                }
                gradientSums(gs, xs, plane, m, sums);
                sumDy += sums[0];
                sumDyCentred += sums[1];
              }
              double sumDyXhat = sumDyCentred * inv;
              dBeta[c] = (float) sumDy;
              dGamma[c] = (float) sumDyXhat;
              // dx = k * (dy - mean(dy) - xhat * mean(dy * xhat)) = a * dy + b * x + d
              float k = gamma[c] * inv;
              double meanDy = sumDy / count;
              double meanDyXhat = sumDyXhat / count;
              float a = k;
              float b = (float) (-k * inv * meanDyXhat);
              float d = (float) (k * (m * inv * meanDyXhat - meanDy));
              for (int n = 0; n < batch; n++) {
                int at = offset(n, c, channels, plane);
                x.get(at, xs, 0, plane);
                dy.get(at, gs, 0, plane);
                if (rectifier != null) {
                  mask(gs, xs, plane, rectifier.scale()[c], rectifier.shift()[c]);
                }
                for (int i = 0; i < plane; i++) {
                  gs[i] = a * gs[i] + b * xs[i] + d;
                }
                dx.put(at, gs, 0, plane);
              }
            });
  }

  private static int offset(int n, int c, int channels, int plane) {
    return (n * channels + c) * plane;
  }

  private static IntStream parallel(int channels) {
    return IntStream.range(0, channels).parallel();
  }
}
