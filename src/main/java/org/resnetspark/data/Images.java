package org.resnetspark.data;

import java.io.IOException;
import org.resnetspark.config.Encoding;

/**
 * The pixel work of the reader and of prepare, done by one decoder: OpenCV's ({@link OpenCvImages}:
 * libjpeg-turbo, SIMD resizing) or the Java fallback ({@link JavaImages}). {@link ImageDecoders}
 * chooses one per JVM.
 */
interface Images {

  /** {@code opencv} or {@code java}. */
  String name();

  /**
   * Decodes a stored row, applies {@code window} and writes the result as {@code channels} planes
   * of {@code window.height() x window.width()} floats, normalised, from {@code offset} of {@code
   * out}.
   */
  void deliver(
      StoredExample row,
      Window window,
      int channels,
      Normalisation normalisation,
      float[] out,
      int offset)
      throws IOException;

  /**
   * Decodes a source file, scales it so its shorter side has {@code shorterSide} pixels (0 keeps
   * its size) and encodes it for a shard.
   */
  PreparedImage prepare(byte[] source, int shorterSide, Encoding encoding, int jpegQuality)
      throws RejectedImageException;
}
