package org.resnetspark.config;

/**
 * Shortcuts where a block changes the shape (He et al. 2015, Section 3.3 and Table 3); every other
 * shortcut is the identity.
 */
public enum Shortcut {
  /** Identity with stride-2 subsampling and zero-padded new channels: no parameters. */
  A,
  /** A 1x1 projection convolution (followed by BN in post-activation units). */
  B;

  public static Shortcut parse(String text) {
    for (Shortcut s : values()) {
      if (s.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return s;
      }
    }
    throw new ConfigException("Invalid shortcut: %s (expected one of A, B)", text);
  }
}
