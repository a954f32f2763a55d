package org.resnetspark.eval;

import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.evaluation.classification.ConfusionMatrix;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * An evaluation: the mean cross-entropy of the outputs ({@code loss}, the data loss alone), the
 * weight-decay term of the evaluated parameters ({@code penalty}, which DL4J's score would add),
 * top-1 and top-5 accuracy, and DL4J's full evaluation (per class, confusion).
 */
public record EvalResult(
    double loss, double penalty, double top1, double top5, long examples, Evaluation detail) {

  public int numClasses() {
    return detail.getLabelsList().size();
  }

  /** How many examples of class {@code actual} the network labelled {@code predicted}. */
  public long count(int actual, int predicted) {
    ConfusionMatrix<Integer> confusion = detail.getConfusion();
    return confusion == null ? 0 : confusion.getCount(actual, predicted);
  }

  /** Precision, recall, F1 and support of every class, by class index. */
  public List<ClassMetrics> perClass() {
    ConfusionMatrix<Integer> confusion = detail.getConfusion();
    return IntStream.range(0, numClasses())
        .mapToObj(
            c ->
                confusion == null
                    ? ClassMetrics.of(c, 0, 0, 0)
                    : ClassMetrics.of(
                        c,
                        confusion.getCount(c, c),
                        confusion.getPredictedTotal(c),
                        confusion.getActualTotal(c)))
        .toList();
  }
}
