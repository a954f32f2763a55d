package org.resnetspark.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.resnetspark.data.Manifest;

/**
 * What a predict job did: how many images it scored and rejected (each with its reason), how many
 * rows were new, and its speed per core: of the forward passes alone, and of whole tasks (reading,
 * decoding, preprocessing and the forward passes), over the seconds the cores spent on them.
 */
public record PredictOutcome(
    String predictionId,
    String checkpoint,
    String runId,
    String source,
    String table,
    long images,
    long scored,
    List<Manifest.Rejection> rejected,
    long newRows,
    double seconds,
    double inferenceCoreSeconds,
    double taskCoreSeconds,
    int cores) {
  /** Rejections listed in the text summary; the table has all of them. */
  static final int LISTED = 20;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @JsonProperty
  public double inferenceImagesPerSecondPerCore() {
    return inferenceCoreSeconds > 0 ? scored / inferenceCoreSeconds : 0;
  }

  @JsonProperty
  public double imagesPerSecondPerCore() {
    return taskCoreSeconds > 0 ? images / taskCoreSeconds : 0;
  }

  public String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "predict %s: %d images of %s, %d scored, %d rejected; %d new rows in %s"
                + " (checkpoint %s of run %s)",
            predictionId,
            images,
            source,
            scored,
            rejected.size(),
            newRows,
            table,
            checkpoint,
            runId));
    for (Manifest.Rejection r : rejected.subList(0, Math.min(LISTED, rejected.size()))) {
      lines.add("  rejected " + r.path() + ": " + r.reason());
    }
    if (rejected.size() > LISTED) {
      lines.add(
          String.format(
              "  and %d more rejected, all in resnet.prediction_rejects",
              rejected.size() - LISTED));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "  %.1f s; inference %.1f images/s per core (forward passes), %.1f images/s per core"
                + " with reading and preprocessing, %d cores",
            seconds,
            inferenceImagesPerSecondPerCore(),
            imagesPerSecondPerCore(),
            cores));
    return lines;
  }
}
