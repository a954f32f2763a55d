package org.resnetspark.model.layers;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-thread float buffers outside DL4J's workspaces, grown on demand and reused by every layer: a
 * fresh off-heap allocation per call costs more than the small products it would feed.
 */
final class Scratch {

  /** The patch matrix, its gradient, and a group of outputs or output gradients. */
  static final int PATCHES = 0;

  static final int PATCH_GRAD = 1;
  static final int STAGED = 2;

  private static final ThreadLocal<INDArray[]> SLOTS =
      ThreadLocal.withInitial(() -> new INDArray[3]);

  private Scratch() {}

  /** A pointer to at least {@code length} floats of the slot, valid until the next call. */
  static FloatPointer floats(int slot, long length) {
    INDArray[] slots = SLOTS.get();
    if (slots[slot] == null || slots[slot].length() < length) {
      slots[slot] = Nd4j.createUninitializedDetached(DataType.FLOAT, Math.max(length, 1));
    }
    return Buffers.pointer(slots[slot]).limit(length);
  }
}
