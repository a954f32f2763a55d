package org.resnetspark.config;

import java.util.Locale;

/** How images are stored in the shards. */
public enum Encoding {
  /** RAW for images of at most {@link #AUTO_RAW_MAX_PIXELS} pixels, JPEG otherwise. */
  AUTO,
  JPEG,
  PNG,
  /** Uncompressed uint8 pixels, height x width x channels. */
  RAW;

  /** 64 x 64: MNIST, CIFAR and downsampled ImageNet stay lossless and need no decoding. */
  public static final int AUTO_RAW_MAX_PIXELS = 64 * 64;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The encoding one image of this size gets; never AUTO. */
  public Encoding resolve(int height, int width) {
    if (this != AUTO) {
      return this;
    }
    return (long) height * width <= AUTO_RAW_MAX_PIXELS ? RAW : JPEG;
  }
}
