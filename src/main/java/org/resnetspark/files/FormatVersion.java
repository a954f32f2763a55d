package org.resnetspark.files;

import java.io.IOException;

/**
 * The format version of an on-disk JSON record. Records written before versions were recorded read
 * as version 0 and are still understood; a version newer than this build knows is refused.
 */
public final class FormatVersion {
  private FormatVersion() {}

  /** Fails when {@code found} is newer than {@code supported}; returns {@code found}. */
  public static int check(int found, int supported, String file) throws IOException {
    if (found > supported) {
      throw new IOException(
          String.format(
              "%s has format version %d; this build reads up to %d (use a newer resnet-spark)",
              file, found, supported));
    }
    return found;
  }
}
