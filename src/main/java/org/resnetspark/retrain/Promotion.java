package org.resnetspark.retrain;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.RetrainSettings;
import org.resnetspark.tables.PromotionRow;

/** The champion/challenger decision of a retraining generation, and its promotions row. */
final class Promotion {
  private Promotion() {}

  /** Compares the new model with the champion the generation started from, on the holdout. */
  static Generation.Decision decide(
      RetrainSettings r, Generation g, Checkpoint challenger, Double newData, Configuration conf)
      throws IOException {
    double score = r.metric().in(challenger.state().metrics());
    String now = Instant.now().toString();
    if (g.champion() == null) {
      return Generation.Decision.of(
          true,
          r.metric().key(),
          r.margin(),
          score,
          null,
          newData,
          challenger.path(),
          "no champion yet: the first model becomes the champion",
          now);
    }
    double champion = r.metric().in(CheckpointStore.at(g.champion(), conf).state().metrics());
    double gain = r.metric().gain(score, champion);
    boolean promoted = gain > r.margin();
    String reason =
        String.format(
            Locale.ROOT,
            "%s %.4f vs champion %.4f on the holdout: %s by %.4f, %s the margin %.4f",
            r.metric(),
            score,
            champion,
            gain >= 0 ? "better" : "worse",
            Math.abs(gain),
            promoted ? "more than" : "not more than",
            r.margin());
    return Generation.Decision.of(
        promoted,
        r.metric().key(),
        r.margin(),
        score,
        champion,
        newData,
        challenger.path(),
        reason,
        now);
  }

  /** The decision as a row of {@code resnet.promotions}. */
  static PromotionRow row(RetrainSettings r, Generation g, Generation.Decision d) {
    PromotionRow row =
        PromotionRow.of(r.root(), g.number())
            .challenger(g.runId(), d.challengerScore(), d.checkpoint())
            .champion(g.championRunId(), d.championScore())
            .newData(g.newImages(), d.newDataScore())
            .comparedBy(d.metric(), d.margin());
    Timestamp at = Timestamp.from(Instant.parse(d.decidedAt()));
    return d.promoted() ? row.promoted(d.reason(), at) : row.kept(d.reason(), at);
  }
}
