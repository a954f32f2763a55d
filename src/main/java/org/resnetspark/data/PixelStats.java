package org.resnetspark.data;

import java.io.Serializable;

/** Sums over the kept train images: per-channel moments, sizes, and whether all are grey. */
final class PixelStats implements Serializable {
  final double[] sum = new double[3];
  final double[] sumOfSquares = new double[3];
  long pixels;
  long images;
  boolean allGrey = true;
  int minHeight = Integer.MAX_VALUE;
  int minWidth = Integer.MAX_VALUE;

  PixelStats add(DecodedExample example) {
    for (int c = 0; c < 3; c++) {
      sum[c] += example.sum()[c];
      sumOfSquares[c] += example.sumOfSquares()[c];
    }
    pixels += example.pixels();
    images++;
    allGrey &= example.channels() == 1;
    minHeight = Math.min(minHeight, example.height());
    minWidth = Math.min(minWidth, example.width());
    return this;
  }

  PixelStats merge(PixelStats other) {
    for (int c = 0; c < 3; c++) {
      sum[c] += other.sum[c];
      sumOfSquares[c] += other.sumOfSquares[c];
    }
    pixels += other.pixels;
    images += other.images;
    allGrey &= other.allGrey;
    minHeight = Math.min(minHeight, other.minHeight);
    minWidth = Math.min(minWidth, other.minWidth);
    return this;
  }

  int channels() {
    return allGrey ? 1 : 3;
  }

  double[] mean() {
    double[] mean = new double[channels()];
    for (int c = 0; c < mean.length; c++) {
      mean[c] = pixels == 0 ? 0 : sum[c] / pixels;
    }
    return mean;
  }

  double[] std() {
    double[] mean = mean();
    double[] std = new double[mean.length];
    for (int c = 0; c < std.length; c++) {
      double variance = pixels == 0 ? 1 : sumOfSquares[c] / pixels - mean[c] * mean[c];
      std[c] = Math.sqrt(Math.max(variance, 1e-12));
    }
    return std;
  }
}
