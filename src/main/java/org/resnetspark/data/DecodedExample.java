package org.resnetspark.data;

import java.io.Serializable;
import org.resnetspark.config.Encoding;

/**
 * A source item after decoding, resizing and encoding on an executor, or its rejection. The pixel
 * sums (on a 0..1 scale, grey counted in all three channels) feed the train mean and std.
 */
record DecodedExample(
    String key,
    String split,
    int label,
    String rejectReason,
    byte[] image,
    Encoding encoding,
    int height,
    int width,
    int channels,
    long sourceBytes,
    double[] sum,
    double[] sumOfSquares)
    implements Serializable {

  static DecodedExample rejected(SourceItem item, String reason, long sourceBytes) {
    return new DecodedExample(
        item.key(),
        item.split(),
        item.label(),
        reason,
        null,
        null,
        0,
        0,
        0,
        sourceBytes,
        null,
        null);
  }

  DecodedExample inSplit(String newSplit) {
    return new DecodedExample(
        key,
        newSplit,
        label,
        rejectReason,
        image,
        encoding,
        height,
        width,
        channels,
        sourceBytes,
        sum,
        sumOfSquares);
  }

  boolean ok() {
    return rejectReason == null;
  }

  long pixels() {
    return (long) height * width;
  }
}
