package org.resnetspark.model.layers;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-thread buffers, grown on demand and reused by every layer: off-heap ones outside DL4J's
 * workspaces for the BLAS operands, heap ones for the Java loops (plain array loops and {@code
 * System.arraycopy} beat element access to native memory). A fresh allocation per call costs more
 * than the small products it would feed.
 */
final class Scratch {

  /** The patch matrix, its gradient, and a group of outputs or output gradients. */
  static final int PATCHES = 0;

  static final int PATCH_GRAD = 1;
  static final int STAGED = 2;

  /** Heap slots: a group of input images, and the patch matrix (or its gradient). */
  static final int IMAGES = 0;

  static final int MATRIX = 1;

  private static final ThreadLocal<INDArray[]> NATIVE =
      ThreadLocal.withInitial(() -> new INDArray[3]);
  private static final ThreadLocal<float[][]> HEAP = ThreadLocal.withInitial(() -> new float[2][]);

  private Scratch() {}

  /** A pointer to at least {@code length} floats of the slot, valid until the next call. */
  static FloatPointer floats(int slot, long length) {
    INDArray[] slots = NATIVE.get();
    if (slots[slot] == null || slots[slot].length() < length) {
      slots[slot] = Nd4j.createUninitializedDetached(DataType.FLOAT, Math.max(length, 1));
    }
    return Buffers.pointer(slots[slot]).limit(length);
  }

  /** A heap array of at least {@code length} floats, valid until the next call for the slot. */
  static float[] heap(int slot, int length) {
    float[][] slots = HEAP.get();
    if (slots[slot] == null || slots[slot].length < length) {
      slots[slot] = new float[length];
    }
    return slots[slot];
  }
}
