package org.resnetspark.model;

/**
 * How the layers of a block are wired: residual units of He et al. 2015, their plain counterparts
 * without shortcuts (the degradation experiment, Section 4.1), or the full pre-activation units of
 * He et al. 2016 (BN-ReLU-conv, nothing on the identity path).
 */
public enum Kind {
  RESIDUAL("resnet"),
  PLAIN("plain"),
  PRE_ACTIVATION("preact-resnet");

  private final String prefix;

  Kind(String prefix) {
    this.prefix = prefix;
  }

  /** The start of a variant name, before its depth. */
  public String prefix() {
    return prefix;
  }

  public boolean hasShortcuts() {
    return this != PLAIN;
  }
}
