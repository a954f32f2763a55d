package org.resnetspark.bench;

/**
 * Ordinary least squares for the few unknowns of the cost model: the normal equations, solved by
 * Gaussian elimination with partial pivoting. A vanishing ridge (1e-9 of the largest diagonal)
 * keeps a design with collinear columns solvable, e.g. one executor count only, where the
 * per-executor term cannot be told apart from the rest.
 */
final class LeastSquares {
  private LeastSquares() {}

  /** The coefficients b minimising |X b - y|; rows of {@code x} are the observations. */
  static double[] solve(double[][] x, double[] y) {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException(
          "Invalid least-squares problem: " + x.length + " rows, " + y.length + " targets");
    }
    int k = x[0].length;
    double[][] a = new double[k][k + 1];
    for (int r = 0; r < x.length; r++) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          a[i][j] += x[r][i] * x[r][j];
        }
        a[i][k] += x[r][i] * y[r];
      }
    }
    double largest = 0;
    for (int i = 0; i < k; i++) {
      largest = Math.max(largest, a[i][i]);
    }
    for (int i = 0; i < k; i++) {
      a[i][i] += 1e-9 * Math.max(largest, 1e-12);
    }
    return eliminate(a, k);
  }

  private static double[] eliminate(double[][] a, int k) {
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int r = col + 1; r < k; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      for (int r = col + 1; r < k; r++) {
        double f = a[r][col] / a[col][col];
        for (int c = col; c <= k; c++) {
          a[r][c] -= f * a[col][c];
        }
      }
    }
    double[] b = new double[k];
    for (int i = k - 1; i >= 0; i--) {
      double s = a[i][k];
      for (int j = i + 1; j < k; j++) {
        s -= a[i][j] * b[j];
      }
      b[i] = s / a[i][i];
    }
    return b;
  }
}
