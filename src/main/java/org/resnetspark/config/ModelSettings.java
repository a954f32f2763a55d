package org.resnetspark.config;

import java.io.Serializable;

/** The network variant by name (see {@code resnet-spark models}) and its architectural options. */
public record ModelSettings(
    String variant, String shortcut, String stride, boolean zeroInitLastBn, String engine)
    implements Serializable {}
