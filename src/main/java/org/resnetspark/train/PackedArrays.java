package org.resnetspark.train;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arrays written to and read from Java serialization as their raw bytes, copied a chunk at a time.
 * ND4J's own serial form writes every element through {@code DataOutputStream.writeFloat} after
 * reading it through the buffer's indexer: for ResNet-50's parameters and momentum (about 200 MB)
 * that is most of an averaging round on loopback. The bytes are in this machine's byte order, which
 * is written first; a reader of the other order refuses them.
 */
final class PackedArrays {
  private static final int CHUNK = 1 << 20;
  private static final byte LITTLE = 1;
  private static final byte BIG = 2;

  private PackedArrays() {}

  /** Writes {@code array} (or null) to {@code out}. */
  static void write(ObjectOutput out, INDArray array) throws IOException {
    out.writeBoolean(array != null);
    if (array == null) {
      return;
    }
    INDArray whole = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
    out.writeByte(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? LITTLE : BIG);
    out.writeUTF(whole.dataType().name());
    long[] shape = whole.shape();
    out.writeInt(shape.length);
    for (long d : shape) {
      out.writeLong(d);
    }
    long bytes = whole.length() * whole.dataType().width();
    out.writeLong(bytes);
    if (bytes == 0) {
      return;
    }
    // On a GPU backend the newest copy may be on the device: bring it to the host first.
    Nd4j.getAffinityManager().ensureLocation(whole, AffinityManager.Location.HOST);
    ByteBuffer source = whole.data().asNio();
    source.position(0).limit(Math.toIntExact(bytes));
    byte[] chunk = new byte[(int) Math.min(CHUNK, bytes)];
    while (source.hasRemaining()) {
      int n = Math.min(chunk.length, source.remaining());
      source.get(chunk, 0, n);
      out.write(chunk, 0, n);
    }
    // The buffer view does not keep the array alive: without this a copy made above could be
    // collected, and its memory freed, while it is being read.
    Reference.reachabilityFence(whole);
    Reference.reachabilityFence(array);
  }

  /** Reads what {@link #write} wrote: a new array, or null. */
  static INDArray read(ObjectInput in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    byte order = in.readByte();
    byte own = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? LITTLE : BIG;
    if (order != own) {
      throw new InvalidObjectException(
          "Parameters written on a machine of the other byte order: run the driver and the"
              + " executors on machines of one byte order");
    }
    DataType type = DataType.valueOf(in.readUTF());
    long[] shape = new long[in.readInt()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = in.readLong();
    }
    long bytes = in.readLong();
    INDArray array = Nd4j.create(type, shape, 'c');
    if (array.length() * type.width() != bytes) {
      throw new InvalidObjectException(
          "Packed array of shape "
              + Arrays.toString(shape)
              + " holds "
              + bytes
              + " bytes, not "
              + array.length() * type.width());
    }
    if (bytes == 0) {
      return array;
    }
    ByteBuffer target = array.data().asNio();
    target.position(0).limit(Math.toIntExact(bytes));
    byte[] chunk = new byte[(int) Math.min(CHUNK, bytes)];
    while (target.hasRemaining()) {
      int n = Math.min(chunk.length, target.remaining());
      in.readFully(chunk, 0, n);
      target.put(chunk, 0, n);
    }
    // The host copy is now the newest (a GPU backend copies it to the device when first used).
    Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
    return array;
  }
}
