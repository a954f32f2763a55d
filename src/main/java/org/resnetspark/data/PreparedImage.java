package org.resnetspark.data;

import org.resnetspark.config.Encoding;

/**
 * A source image after decoding, resizing and encoding for a shard, with its pixel sums per RGB
 * channel on a 0..1 scale (grey counted in all three) for the train mean and std.
 */
record PreparedImage(
    byte[] image,
    Encoding encoding,
    int height,
    int width,
    int channels,
    double[] sum,
    double[] sumOfSquares) {}
