package org.resnetspark.model.layers;

import java.nio.FloatBuffer;

/** Moves a group of images between NCHW and the channel-major layout of the products. */
final class Layouts {

  private Layouts() {}

  /**
   * {@code [channels, count, pixels]} into images starting at {@code offset} of NCHW {@code dst}.
   */
  static void channelsToImages(
      FloatBuffer src, int count, int channels, int pixels, FloatBuffer dst, long offset) {
    for (int j = 0; j < count; j++) {
      for (int c = 0; c < channels; c++) {
        int to = (int) (offset + ((long) j * channels + c) * pixels);
        dst.put(to, src, (c * count + j) * pixels, pixels);
      }
    }
  }

  /**
   * Images starting at {@code offset} of NCHW {@code src} into {@code [channels, count, pixels]}.
   */
  static void imagesToChannels(
      FloatBuffer src, long offset, int count, int channels, int pixels, FloatBuffer dst) {
    for (int j = 0; j < count; j++) {
      for (int c = 0; c < channels; c++) {
        int from = (int) (offset + ((long) j * channels + c) * pixels);
        dst.put((c * count + j) * pixels, src, from, pixels);
      }
    }
  }
}
