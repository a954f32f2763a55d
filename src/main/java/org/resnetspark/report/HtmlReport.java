package org.resnetspark.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.resnetspark.config.Secrets;

/**
 * One self-contained XHTML page: inline CSS, charts as PNG data URIs, no scripts, nothing fetched
 * when it is opened. Table headers are the tables' column names.
 */
final class HtmlReport {
  private static final String CSS =
      "body{font-family:sans-serif;margin:2em;color:#222}"
          + "table{border-collapse:collapse;margin:0.5em 0 1.5em}"
          + "th,td{border:1px solid #ccc;padding:2px 8px;font-size:90%}"
          + "th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}"
          + "figure{display:inline-block;margin:0 1em 1em 0}img{max-width:100%}"
          + "h2{border-bottom:1px solid #ccc;padding-bottom:4px}";

  private HtmlReport() {}

  static String render(
      List<RunResults> runs, List<Charts.Figure> figures, Map<String, byte[]> png) {
    RunResults primary = runs.get(0);
    Html h = new Html();
    h.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
        .raw("<meta charset=\"utf-8\"/>\n")
        .element("title", "resnet-spark report: " + primary.runId())
        .raw("<style>" + CSS + "</style>\n</head>\n<body>\n")
        .element("h1", "Run " + primary.runId());
    if (runs.size() > 1) {
      h.element(
          "p",
          "Compared with "
              + String.join(
                  ", ", runs.subList(1, runs.size()).stream().map(RunResults::runId).toList()));
    }
    h.element("h2", "Summary");
    h.table(
        "summary",
        null,
        RunSummary.COLUMNS,
        runs.stream().map(r -> RunSummary.of(r).values()).toList());
    h.element(
        "p",
        "Top-1 and top-5 on the validation split: final is the last epoch's, best the highest"
            + " (best_epoch is where top-1 peaked). Wall time from the runs row's start to finish;"
            + " images/s over all training epochs. Trainable parameters exclude batch norm's"
            + " running statistics.");

    h.element("h2", "Runs");
    h.table(
        "runs",
        null,
        List.of(
            "run_id",
            "parent_run_id",
            "model",
            "dataset",
            "status",
            "started_at",
            "finished_at",
            "workers"),
        runs.stream().map(HtmlReport::runRow).toList());

    h.element("h2", "Charts");
    for (Charts.Figure f : figures) {
      h.raw("<figure id=\"chart-" + f.name() + "\"><img alt=\"")
          .text(f.title())
          .raw("\" src=\"data:image/png;base64,")
          .raw(Base64.getEncoder().encodeToString(png.get(f.name())))
          .raw("\"/><figcaption>")
          .text(f.title() + " (charts/" + f.name() + ".svg, charts/" + f.name() + ".png)")
          .raw("</figcaption></figure>\n");
    }

    h.element("h2", "Epoch metrics");
    for (RunResults run : runs) {
      h.element("h3", run.runId());
      h.table(
          "epoch_metrics",
          run.runId(),
          List.of(
              "epoch",
              "split",
              "global_step",
              "loss",
              "top1",
              "top5",
              "lr",
              "images_per_sec",
              "duration_s",
              "penalty"),
          run.epochs().stream()
              .map(
                  e ->
                      rowOf(
                          e.epoch(),
                          e.split(),
                          e.globalStep(),
                          e.loss(),
                          e.top1(),
                          e.top5(),
                          e.lr(),
                          e.imagesPerSec(),
                          e.durationS(),
                          e.penalty()))
              .toList());
    }

    h.element("h2", "Per-class metrics");
    for (RunResults run : runs) {
      RunResults.Evaluation ev = run.evaluation();
      if (ev.isEmpty()) {
        continue;
      }
      h.element("h3", run.runId() + ", " + ev.split() + " epoch " + ev.epoch());
      h.table(
          "class_metrics",
          run.runId(),
          List.of("class_index", "class_id", "class_name", "precision", "recall", "f1", "support"),
          ev.classes().stream()
              .map(
                  c ->
                      rowOf(
                          c.classIndex(),
                          c.classId(),
                          c.className(),
                          c.precision(),
                          c.recall(),
                          c.f1(),
                          c.support()))
              .toList());
    }

    h.element("h2", "Checkpoints");
    for (RunResults run : runs) {
      h.element("h3", run.runId());
      h.table(
          "checkpoints",
          run.runId(),
          List.of("epoch", "global_step", "path", "size_bytes", "is_best", "checksum"),
          run.checkpoints().stream()
              .map(
                  c ->
                      rowOf(
                          c.epoch(),
                          c.globalStep(),
                          c.path(),
                          c.sizeBytes(),
                          c.isBest(),
                          c.checksum()))
              .toList());
    }

    h.element("h2", "Configuration");
    for (RunResults run : runs) {
      h.element("h3", run.runId());
      h.table("config", run.runId(), List.of("key", "value"), configRows(run.run().config()));
    }
    return h.raw("</body>\n</html>\n").toString();
  }

  private static List<Object> runRow(RunResults r) {
    RunResults.Run run = r.run();
    return rowOf(
        run.runId(),
        run.parentRunId(),
        run.model(),
        run.dataset(),
        run.status(),
        run.startedAt(),
        run.finishedAt(),
        run.workers());
  }

  /** The configuration JSON as dotted keys and values; anything else as one row. */
  static List<List<Object>> configRows(String config) {
    List<List<Object>> rows = new ArrayList<>();
    if (config == null) {
      return rows;
    }
    try {
      flatten("", new ObjectMapper().readTree(config), rows);
    } catch (JsonProcessingException e) {
      rows.add(rowOf("config", config));
    }
    return rows;
  }

  private static void flatten(String prefix, JsonNode node, List<List<Object>> rows) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e ->
                  flatten(
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      e.getValue(),
                      rows));
    } else {
      String value = node.isValueNode() ? node.asText() : node.toString();
      // Runs recorded before secrets were redacted at the source must not show them either.
      if (Secrets.isSecretKey(prefix) && Secrets.isSet(value)) {
        value = Secrets.REDACTED;
      }
      rows.add(rowOf(prefix, value));
    }
  }

  private static List<Object> rowOf(Object... values) {
    List<Object> row = new ArrayList<>();
    for (Object v : values) {
      row.add(v);
    }
    return row;
  }
}
