package org.resnetspark.data;

import org.resnetspark.config.Encoding;

/** One row of a shard, still encoded. */
record StoredExample(
    String key,
    int label,
    int row,
    Encoding encoding,
    int height,
    int width,
    int channels,
    byte[] image) {}
