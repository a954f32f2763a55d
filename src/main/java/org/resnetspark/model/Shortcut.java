package org.resnetspark.model;

/**
 * Shortcuts where a block changes the shape (He et al. 2015, Section 3.3 and Table 3); every other
 * shortcut is the identity.
 */
public enum Shortcut {
  /** Identity with stride-2 subsampling and zero-padded new channels: no parameters. */
  A,
  /** A 1x1 projection convolution (followed by BN in post-activation units). */
  B
}
