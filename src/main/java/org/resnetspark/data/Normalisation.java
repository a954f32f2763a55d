package org.resnetspark.data;

import java.io.Serializable;

/** Per channel: a pixel {@code p} in 0..255 becomes {@code p * scale - shift}. */
record Normalisation(float[] scale, float[] shift) implements Serializable {

  /** {@code (p / 255 - mean) / std}. */
  static Normalisation of(double[] mean, double[] std) {
    float[] scale = new float[mean.length];
    float[] shift = new float[mean.length];
    for (int c = 0; c < mean.length; c++) {
      scale[c] = (float) (1 / (255 * std[c]));
      shift[c] = (float) (mean[c] / std[c]);
    }
    return new Normalisation(scale, shift);
  }
}
