package org.resnetspark.job;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.Metric;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.ShardInput;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.eval.SparkEvaluator;
import org.resnetspark.progress.Progress;

/**
 * Checkpoints written before metrics version {@value CheckpointState#METRICS_VERSION} recorded
 * DL4J's score, the cross-entropy plus the weight-decay penalty, as their {@code loss}. Where such
 * a loss is about to be compared with a loss measured now (the best checkpoint of a resumed run, a
 * retrain's champion), the old checkpoint is evaluated again on the same data and its state file
 * rewritten with current metrics; the old value stays beside them as {@code score_with_penalty}.
 */
public final class OldMetrics {
  static final String OLD_LOSS_KEY = "score_with_penalty";

  private OldMetrics() {}

  /**
   * The checkpoint, with metrics that mean what {@code metric} means now: as it is, or evaluated
   * again on the {@code split} of {@code data}.
   */
  public static Checkpoint comparable(
      JavaSparkContext sc,
      Checkpoint checkpoint,
      Metric metric,
      Manifest data,
      String split,
      int workers,
      Progress progress)
      throws IOException {
    if (checkpoint.state().comparable(metric)) {
      return checkpoint;
    }
    EvalResult result =
        SparkEvaluator.evaluate(
            sc,
            CheckpointStore.load(checkpoint, sc.hadoopConfiguration()),
            ShardInput.of(data, split, Augmentation.NONE, 0),
            data.classes().stream().map(Manifest.ClassEntry::id).toList(),
            workers);
    Map<String, Double> metrics = new LinkedHashMap<>(CheckpointMetrics.of(result));
    Double old = checkpoint.state().metrics().get("loss");
    if (old != null) {
      metrics.put(OLD_LOSS_KEY, old);
    }
    progress.line(
        String.format(
            Locale.ROOT,
            "%s recorded loss %s with the weight-decay penalty; evaluated again on %s: loss %.4f,"
                + " penalty %.4f",
            checkpoint.path(),
            old,
            split,
            result.loss(),
            result.penalty()));
    return CheckpointStore.replaceState(
        checkpoint, checkpoint.state().withCurrentMetrics(metrics), sc.hadoopConfiguration());
  }

  /** Makes the best checkpoint of a resumed run comparable with those it is about to write. */
  static void best(
      JavaSparkContext sc,
      CheckpointStore store,
      Metric metric,
      Manifest data,
      int workers,
      Progress progress)
      throws IOException {
    Optional<Checkpoint> best = store.best();
    if (best.isPresent()) {
      comparable(sc, best.get(), metric, data, "val", workers, progress);
    }
  }
}
