package org.resnetspark.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * This machine's fp32 peak as far as a library reaches it: the best GFLOP/s of ND4J's sgemm
 * (OpenBLAS) on square matrices large enough to be compute-bound, on ND4J's threads. Measured in
 * the same run as the networks, so a busy machine lowers both alike.
 */
final class PeakFlops {

  /** 1024^3 multiply-adds: long enough to time, short enough to repeat. */
  private static final int SIZE = 1024;

  private static final int REPEATS = 5;

  private PeakFlops() {}

  static double sgemmGflops() {
    INDArray a = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
    INDArray b = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
    INDArray c = Nd4j.create(DataType.FLOAT, SIZE, SIZE);
    // Untimed: loads the BLAS kernels and warms its threads.
    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    long best = Long.MAX_VALUE;
    for (int i = 0; i < REPEATS; i++) {
      long start = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      best = Math.min(best, System.nanoTime() - start);
    }
    return 2.0 * SIZE * SIZE * SIZE / best;
  }
}
