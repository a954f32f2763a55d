package org.resnetspark.eval;

import java.io.Serializable;
import org.nd4j.evaluation.classification.Evaluation;

/** One partition's share of an evaluation; merged on the driver. */
final class PartialEvaluation implements Serializable {
  final Evaluation evaluation;
  double lossSum;
  long examples;

  PartialEvaluation(Evaluation evaluation) {
    this.evaluation = evaluation;
  }

  PartialEvaluation merge(PartialEvaluation other) {
    evaluation.merge(other.evaluation);
    lossSum += other.lossSum;
    examples += other.examples;
    return this;
  }
}
