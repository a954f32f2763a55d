package org.resnetspark.model;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The data loss and accuracy counts of a batch of class probabilities against one-hot labels: the
 * summed cross-entropy {@code -log p(label)}, and how many examples have their label first (top-1)
 * or among the five most probable classes (top-5). No regularisation term: the loss papers report.
 * Probabilities are clipped at {@link #MIN_PROBABILITY}, as DL4J's MCXENT loss does, so a confident
 * mistake costs a large but finite amount.
 */
public record OutputScore(double lossSum, long top1, long top5, long examples)
    implements Serializable {
  public static final double MIN_PROBABILITY = 1e-10;
  public static final OutputScore NONE = new OutputScore(0, 0, 0, 0);

  /** {@code probabilities} and {@code labels}: [examples, classes]. */
  public static OutputScore of(INDArray labels, INDArray probabilities) {
    long n = probabilities.size(0);
    if (n == 0) {
      return NONE;
    }
    INDArray p = probabilities.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray y = labels.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray logP = Transforms.log(Transforms.max(p, MIN_PROBABILITY, true), false);
    double lossSum = -logP.muli(y).sumNumber().doubleValue();
    // The label's probability against every class's: its rank is the number of classes above it.
    INDArray labelP = p.mul(y).sum(true, 1);
    INDArray above = p.gt(labelP.broadcast(p.shape())).castTo(p.dataType()).sum(1);
    long top1 = above.cond(Conditions.lessThan(1)).castTo(p.dataType()).sumNumber().longValue();
    long top5 = above.cond(Conditions.lessThan(5)).castTo(p.dataType()).sumNumber().longValue();
    Nd4j.getExecutioner().commit();
    return new OutputScore(lossSum, top1, top5, n);
  }

  public OutputScore plus(OutputScore other) {
    return new OutputScore(
        lossSum + other.lossSum, top1 + other.top1, top5 + other.top5, examples + other.examples);
  }

  /** Mean cross-entropy per example; NaN for no examples. */
  public double loss() {
    return examples == 0 ? Double.NaN : lossSum / examples;
  }

  public double top1Accuracy() {
    return examples == 0 ? Double.NaN : (double) top1 / examples;
  }

  public double top5Accuracy() {
    return examples == 0 ? Double.NaN : (double) top5 / examples;
  }
}
