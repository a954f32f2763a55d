package org.resnetspark.config;

import java.io.Serializable;

/** Where the raw images are, where shards go, and how images are preprocessed into them. */
public record DataSettings(
    String source,
    String shards,
    Layout layout,
    Encoding encoding,
    int resize,
    int jpegQuality,
    int shardSize,
    double valFraction,
    int limitPerClass)
    implements Serializable {}
