package org.resnetspark.report;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a reader of a report wants first about a run: its size, how far it trained, the final and
 * the best validation accuracy, how long it took and how fast it went. Every figure comes from the
 * run's table rows.
 */
record RunSummary(
    String runId,
    String model,
    Long trainableParams,
    Integer epochs,
    Double finalValTop1,
    Double bestValTop1,
    Integer bestEpoch,
    Double finalValTop5,
    Double bestValTop5,
    Double wallTimeS,
    Double imagesPerSec) {

  /** The column names of the report's summary table, in record order. */
  static final List<String> COLUMNS =
      List.of(
          "run_id",
          "model",
          "trainable_params",
          "epochs",
          "final_val_top1",
          "best_val_top1",
          "best_epoch",
          "final_val_top5",
          "best_val_top5",
          "wall_time_s",
          "images_per_sec");

  static RunSummary of(RunResults r) {
    List<RunResults.Epoch> train = r.split("train");
    List<RunResults.Epoch> val = r.split("val").stream().filter(e -> e.top1() != null).toList();
    Optional<RunResults.Epoch> last =
        val.stream().max(Comparator.comparingInt(RunResults.Epoch::epoch));
    Optional<RunResults.Epoch> best =
        val.stream()
            .max(
                Comparator.comparingDouble(RunResults.Epoch::top1)
                    .thenComparing(Comparator.comparingInt(RunResults.Epoch::epoch).reversed()));
    Double bestTop5 =
        val.stream()
            .map(RunResults.Epoch::top5)
            .filter(v -> v != null)
            .max(Double::compare)
            .orElse(null);
    return new RunSummary(
        r.runId(),
        r.run().model(),
        r.run().trainableParams(),
        train.stream().map(RunResults.Epoch::epoch).max(Integer::compare).orElse(null),
        last.map(RunResults.Epoch::top1).orElse(null),
        best.map(RunResults.Epoch::top1).orElse(null),
        best.map(RunResults.Epoch::epoch).orElse(null),
        last.map(RunResults.Epoch::top5).orElse(null),
        bestTop5,
        wallTime(r.run()),
        imagesPerSec(train));
  }

  List<Object> values() {
    return java.util.Arrays.asList(
        runId,
        model,
        trainableParams,
        epochs,
        finalValTop1,
        bestValTop1,
        bestEpoch,
        finalValTop5,
        bestValTop5,
        wallTimeS,
        imagesPerSec);
  }

  /** Start to finish of a finished run; none while it runs. */
  private static Double wallTime(RunResults.Run run) {
    if (run.startedAt() == null || run.finishedAt() == null) {
      return null;
    }
    return (run.finishedAt().getTime() - run.startedAt().getTime()) / 1000.0;
  }

  /** Images over training seconds of all epochs: each epoch's rate weighted by its duration. */
  private static Double imagesPerSec(List<RunResults.Epoch> train) {
    double images = 0;
    double seconds = 0;
    for (RunResults.Epoch e : train) {
      if (e.imagesPerSec() != null && e.durationS() != null) {
        images += e.imagesPerSec() * e.durationS();
        seconds += e.durationS();
      }
    }
    return seconds > 0 ? images / seconds : null;
  }
}
