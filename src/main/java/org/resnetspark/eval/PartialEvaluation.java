package org.resnetspark.eval;

import java.io.Serializable;
import org.nd4j.evaluation.classification.Evaluation;
import org.resnetspark.model.OutputScore;

/** One partition's share of an evaluation; merged on the driver. */
final class PartialEvaluation implements Serializable {
  final Evaluation evaluation;
  OutputScore score = OutputScore.NONE;
  long nonFinite;

  PartialEvaluation(Evaluation evaluation) {
    this.evaluation = evaluation;
  }

  PartialEvaluation merge(PartialEvaluation other) {
    evaluation.merge(other.evaluation);
    score = score.plus(other.score);
    nonFinite += other.nonFinite;
    return this;
  }
}
