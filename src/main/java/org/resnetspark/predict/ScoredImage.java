package org.resnetspark.predict;

import java.io.Serializable;
import java.util.List;

/**
 * One source image after scoring on an executor: its most probable classes with their
 * probabilities, or why it could not be scored.
 *
 * @param sha256 the file's SHA-256; null when it was not read (too large)
 * @param label the model's class index the source's layout gives, or -1
 */
record ScoredImage(
    String path,
    String sha256,
    int label,
    List<Integer> topClasses,
    List<Double> topScores,
    String rejectReason)
    implements Serializable {

  static ScoredImage rejected(String path, String sha256, String reason) {
    return new ScoredImage(path, sha256, -1, List.of(), List.of(), reason);
  }

  boolean ok() {
    return rejectReason == null;
  }
}
