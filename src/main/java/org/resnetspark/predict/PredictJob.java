package org.resnetspark.predict;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.config.ConfigException;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.Scoring;
import org.resnetspark.data.ScoringSource;
import org.resnetspark.data.SourceItem;
import org.resnetspark.eval.BroadcastNetwork;
import org.resnetspark.job.LoadedCheckpoint;
import org.resnetspark.job.RunIds;
import org.resnetspark.progress.ProgressListener;
import org.resnetspark.progress.ProgressOutput;
import org.resnetspark.tables.PredictionRejectRow;
import org.resnetspark.tables.PredictionRow;
import org.resnetspark.tables.ResultTables;
import org.resnetspark.tables.TableSchema;

/**
 * Scores a source's images with one checkpoint, in order: checkpoint (checksum verified) and what
 * scoring needs -> listing -> scoring on the executors (the network broadcast once) -> rejects ->
 * new predictions merged -> summary. Rows are keyed by the checkpoint's and the image's SHA-256, so
 * running again (after a crash, or on a source that grew) inserts only what is missing.
 */
public final class PredictJob {
  /** Images per scoring task, at most; a task rebuilds the network once. */
  static final int IMAGES_PER_TASK = 256;

  private PredictJob() {}

  public static PredictOutcome run(SparkSession spark, PredictRequest request, ProgressOutput out)
      throws IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    LoadedCheckpoint loaded = LoadedCheckpoint.verified(request.checkpoint(), hadoop);
    Checkpoint checkpoint = loaded.checkpoint();
    Scoring scoring = ScoringMetadata.of(checkpoint, hadoop);
    if (loaded.outputs() != scoring.numClasses()) {
      throw new ConfigException(
          "Invalid --checkpoint: %s (its model predicts %d classes, its scoring metadata names"
              + " %d)",
          request.checkpoint(), loaded.outputs(), scoring.numClasses());
    }
    ResultTables tables = new ResultTables(spark);
    String predictionId = "predict-" + RunIds.next();
    ProgressListener listener = new ProgressListener(out);
    sc.sc().addSparkListener(listener);
    JavaRDD<SourceItem> items = null;
    JavaRDD<ScoredImage> scored = null;
    BroadcastNetwork network = null;
    try {
      listener.phase("listing");
      items =
          ScoringSource.list(sc, request.source(), scoring.classes())
              .persist(StorageLevel.MEMORY_AND_DISK_SER());
      long images = items.count();
      if (images == 0) {
        throw new ConfigException(
            "Invalid --source: %s holds no files (expected images, in class folders, the"
                + " ImageNet layout, IDX files or any folder tree)",
            request.source());
      }
      out.line(
          String.format(
              "predict %s: %d images in %s, checkpoint %s (run %s, epoch %d)",
              predictionId,
              images,
              request.source(),
              checkpoint.path(),
              checkpoint.state().runId(),
              checkpoint.state().epoch()));

      listener.phase("scoring");
      network = BroadcastNetwork.of(sc, loaded.network());
      LongAccumulator inferenceNanos = sc.sc().longAccumulator("predict inference nanos");
      LongAccumulator taskNanos = sc.sc().longAccumulator("predict task nanos");
      int partitions = (int) Math.max(2L * sc.defaultParallelism(), images / IMAGES_PER_TASK + 1);
      long start = System.nanoTime();
      scored =
          ScoringSource.inFileOrder(items, partitions)
              .mapPartitions(
                  new ScoreImages(network, scoring, request.topK(), inferenceNanos, taskNanos))
              .persist(StorageLevel.MEMORY_AND_DISK_SER());
      scored.count();
      double seconds = (System.nanoTime() - start) / 1e9;

      listener.phase("writing predictions");
      Timestamp now = Timestamp.from(Instant.now());
      List<Manifest.Rejection> rejected = rejects(tables, scored, predictionId, checkpoint, now);
      long newRows =
          tables.insertNew(
              TableSchema.PREDICTIONS,
              request.table(),
              predictions(scored, predictionId, checkpoint, scoring, now));
      PredictOutcome outcome =
          new PredictOutcome(
              predictionId,
              checkpoint.path(),
              checkpoint.state().runId(),
              request.source(),
              request.table(),
              images,
              images - rejected.size(),
              rejected,
              newRows,
              seconds,
              inferenceNanos.value() / 1e9,
              taskNanos.value() / 1e9,
              sc.defaultParallelism());
      outcome.lines().forEach(out::line);
      return outcome;
    } finally {
      sc.sc().removeSparkListener(listener);
      if (network != null) {
        network.destroy();
      }
      if (scored != null) {
        scored.unpersist(false);
      }
      if (items != null) {
        items.unpersist(false);
      }
    }
  }

  /** Records the rejected images (few: they come to the driver) and returns them by path. */
  private static List<Manifest.Rejection> rejects(
      ResultTables tables,
      JavaRDD<ScoredImage> scored,
      String predictionId,
      Checkpoint checkpoint,
      Timestamp now) {
    List<ScoredImage> failed = new ArrayList<>(scored.filter(s -> !s.ok()).collect());
    failed.sort(Comparator.comparing(ScoredImage::path));
    List<PredictionRejectRow> rows = new ArrayList<>();
    List<Manifest.Rejection> rejections = new ArrayList<>();
    for (ScoredImage image : failed) {
      rows.add(
          new PredictionRejectRow(
              predictionId,
              checkpoint.state().runId(),
              checkpoint.path(),
              checkpoint.state().modelSha256(),
              image.path(),
              image.sha256(),
              image.rejectReason(),
              now));
      rejections.add(new Manifest.Rejection(image.path(), image.rejectReason()));
    }
    tables.upsert(rows);
    return rejections;
  }

  /** The rows of the scored images, built on the executors. */
  private static JavaRDD<PredictionRow> predictions(
      JavaRDD<ScoredImage> scored,
      String predictionId,
      Checkpoint checkpoint,
      Scoring scoring,
      Timestamp now) {
    String runId = checkpoint.state().runId();
    String path = checkpoint.path();
    String sha256 = checkpoint.state().modelSha256();
    List<String> names = scoring.classes().stream().map(Manifest.ClassEntry::name).toList();
    return scored
        .filter(ScoredImage::ok)
        .map(
            s ->
                new PredictionRow(
                    predictionId,
                    runId,
                    path,
                    sha256,
                    s.path(),
                    s.sha256(),
                    s.topClasses(),
                    s.topClasses().stream().map(names::get).toList(),
                    s.topScores(),
                    s.label() < 0 ? null : s.label(),
                    now));
  }
}
