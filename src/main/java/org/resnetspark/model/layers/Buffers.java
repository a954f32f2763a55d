package org.resnetspark.model.layers;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Direct access to the memory of contiguous float arrays, for BLAS calls and Java loops. */
final class Buffers {

  private Buffers() {}

  /** A pointer to element 0 of {@code a} (a view's first element, not its base buffer's). */
  static FloatPointer pointer(INDArray a) {
    check(a);
    FloatPointer p = new FloatPointer(a.data().addressPointer());
    return p.capacity(a.length()).limit(a.length()).position(0);
  }

  /** A native-order buffer over the elements of {@code a}; absolute get/put only. */
  static FloatBuffer floats(INDArray a) {
    return pointer(a).asBuffer();
  }

  /** {@code p} moved {@code elements} floats on, as a new pointer. */
  static FloatPointer at(FloatPointer p, long elements) {
    return new FloatPointer(p).position(p.position() + elements);
  }

  /** Float, row-major and gap-free (strides of size-1 dimensions do not matter). */
  static boolean isDenseFloat(INDArray a) {
    if (a.dataType() != DataType.FLOAT) {
      return false;
    }
    long[] shape = a.shape();
    long[] stride = a.stride();
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }

  private static void check(INDArray a) {
    if (!isDenseFloat(a)) {
      throw new IllegalArgumentException(
          "Expected a dense c-order float array, got " + a.shapeInfoToString());
    }
  }
}
