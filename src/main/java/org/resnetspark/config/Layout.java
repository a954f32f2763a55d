package org.resnetspark.config;

import java.util.Arrays;
import java.util.Locale;

/** How a source collection is laid out; {@link #AUTO} detects it from the files found. */
public enum Layout {
  AUTO,
  /** ILSVRC-2012: {@code train/<wnid>/*.JPEG}, {@code val/} as folders or flat with a CSV. */
  IMAGENET,
  /** {@code <split>/<class>/<image>}. */
  CLASS_FOLDERS,
  /** MNIST-style {@code *-idx3-ubyte[.gz]} with {@code *-idx1-ubyte[.gz]}. */
  IDX;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static String[] cliNames() {
    return Arrays.stream(values()).map(Layout::cliName).toArray(String[]::new);
  }
}
