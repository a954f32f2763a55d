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

  /** Per-channel mean and biased variance, accumulated in double. */
  static void statistics(
      FloatBuffer x, int batch, int channels, int plane, double[] mean, double[] var) {
    long count = (long) batch * plane;
    parallel(channels)
        .forEach(
            c -> {
              float[] values = new float[plane];
              double sum = 0;
              double sumSq = 0;
              for (int n = 0; n < batch; n++) {
                x.get(offset(n, c, channels, plane), values, 0, plane);
                for (int i = 0; i < plane; i++) {
                  double v = values[i];
                  sum += v;
                  sumSq += v * v;
                }
              }
              double m = sum / count;
              mean[c] = m;
              var[c] = Math.max(0, sumSq / count - m * m);
            });
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
                  values[i] = values[i] * a + b;
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
    double count = (double) batch * plane;
    parallel(channels)
        .forEach(
            c -> {
              float[] xs = new float[plane];
              float[] gs = new float[plane];
              float m = (float) mean[c];
              float inv = (float) (1 / std[c]);
              double sumDy = 0;
              double sumDyXhat = 0;
              for (int n = 0; n < batch; n++) {
                int at = offset(n, c, channels, plane);
                x.get(at, xs, 0, plane);
                dy.get(at, gs, 0, plane);
                for (int i = 0; i < plane; i++) {
                  sumDy += gs[i];
                  sumDyXhat += gs[i] * ((xs[i] - m) * inv);
                }
              }
              dBeta[c] = (float) sumDy;
              dGamma[c] = (float) sumDyXhat;
              float k = gamma[c] * inv;
              float meanDy = (float) (sumDy / count);
              float meanDyXhat = (float) (sumDyXhat / count);
              for (int n = 0; n < batch; n++) {
                int at = offset(n, c, channels, plane);
                x.get(at, xs, 0, plane);
                dy.get(at, gs, 0, plane);
                for (int i = 0; i < plane; i++) {
                  float xhat = (xs[i] - m) * inv;
                  gs[i] = k * (gs[i] - meanDy - xhat * meanDyXhat);
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
