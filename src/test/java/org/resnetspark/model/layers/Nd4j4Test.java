package org.resnetspark.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Array helpers shared by the layer tests. */
final class Nd4j4Test {

  private Nd4j4Test() {}

  static INDArray zeros(DataType type, long count) {
    return Nd4j.zeros(type, 1, count);
  }

  /** Uniform in [-1, 1), seeded. */
  static INDArray uniform(long seed, DataType type, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(type, shape).muli(2).subi(1);
  }

  /** Largest absolute difference relative to the largest magnitude of the expected array. */
  static double relativeError(INDArray actual, INDArray expected) {
    double scale = Math.max(1e-6, expected.amaxNumber().doubleValue());
    return actual.sub(expected).amaxNumber().doubleValue() / scale;
  }
}
