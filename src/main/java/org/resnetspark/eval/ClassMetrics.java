package org.resnetspark.eval;

/**
 * One class's precision, recall and F1 against its support (the number of examples whose actual
 * class it is). A ratio with nothing to count is undefined and {@code null}: precision of a class
 * never predicted, recall of a class with no examples. F1 is {@code 2 TP / (2 TP + FP + FN)}: the
 * harmonic mean of the two where both exist, 0 for a class that has examples but is never predicted
 * (or is predicted but has none), and undefined only for a class neither present nor predicted.
 */
public record ClassMetrics(
    int classIndex, Double precision, Double recall, Double f1, long support) {

  static ClassMetrics of(int classIndex, long truePositives, long predicted, long actual) {
    long falsePositives = predicted - truePositives;
    long falseNegatives = actual - truePositives;
    return new ClassMetrics(
        classIndex,
        ratio(truePositives, predicted),
        ratio(truePositives, actual),
        ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives),
        actual);
  }

  private static Double ratio(long numerator, long denominator) {
    return denominator == 0 ? null : (double) numerator / denominator;
  }
}
