package org.resnetspark.job;

import java.util.LinkedHashMap;
import java.util.Map;
import org.resnetspark.eval.EvalResult;

/** The metrics a checkpoint's state records from its validation. */
final class CheckpointMetrics {
  private CheckpointMetrics() {}

  static Map<String, Double> of(EvalResult val) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss", val.loss());
    metrics.put("top1", val.top1());
    metrics.put("top5", val.top5());
    metrics.put("penalty", val.penalty());
    return metrics;
  }
}
