package org.resnetspark.eval;

import org.nd4j.evaluation.classification.Evaluation;

/** Validation loss, top-1 and top-5 accuracy, and DL4J's full evaluation (per class, confusion). */
public record EvalResult(double loss, double top1, double top5, long examples, Evaluation detail) {}
