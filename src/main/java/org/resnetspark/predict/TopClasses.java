package org.resnetspark.predict;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The {@code k} most probable classes of one row of outputs, most probable first. */
record TopClasses(List<Integer> classes, List<Double> scores) {

  static TopClasses of(INDArray probabilities, int row, int k) {
    int n = (int) probabilities.size(1);
    double[] p = new double[n];
    for (int c = 0; c < n; c++) {
      p[c] = probabilities.getDouble(row, c);
    }
    List<Integer> classes = new ArrayList<>(k);
    List<Double> scores = new ArrayList<>(k);
    boolean[] taken = new boolean[n];
    for (int i = 0; i < Math.min(k, n); i++) {
      int best = -1;
      for (int c = 0; c < n; c++) {
        // Ties go to the lower index, as argmax does (and so evaluation's top-1).
        if (!taken[c] && (best < 0 || p[c] > p[best])) {
          best = c;
        }
      }
      taken[best] = true;
      classes.add(best);
      scores.add(p[best]);
    }
    return new TopClasses(List.copyOf(classes), List.copyOf(scores));
  }
}
