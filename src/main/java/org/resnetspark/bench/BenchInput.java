package org.resnetspark.bench;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resnetspark.model.ModelOptions;

/**
 * The one batch every engine trains and infers on, so all see the same values: NCHW pixels and a
 * class per image, as {@link #DISTRIBUTION} says.
 */
public record BenchInput(int batch, ModelOptions shape, float[] pixels, int[] labels) {

  public static final String DISTRIBUTION =
      "pixels uniform in [0, 1) (java.util.Random, seed 7), label of image i = i mod classes;"
          + " the same batch for every engine";

  private static final long SEED = 7;

  public static BenchInput of(ModelOptions shape, int batch) {
    Random random = new Random(SEED);
    float[] pixels = new float[batch * shape.channels() * shape.height() * shape.width()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat();
    }
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % shape.numClasses();
    }
    return new BenchInput(batch, shape, pixels, labels);
  }

  /** NCHW dimensions of the batch. */
  public long[] dimensions() {
    return new long[] {batch, shape.channels(), shape.height(), shape.width()};
  }

  public INDArray features() {
    return Nd4j.create(pixels, dimensions(), DataType.FLOAT);
  }

  public INDArray oneHotLabels() {
    INDArray oneHot = Nd4j.zeros(DataType.FLOAT, batch, shape.numClasses());
    for (int i = 0; i < batch; i++) {
      oneHot.putScalar(i, labels[i], 1f);
    }
    return oneHot;
  }
}
