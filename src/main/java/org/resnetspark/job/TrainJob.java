package org.resnetspark.job;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.resnetspark.checkpoint.BestMetric;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Settings;
import org.resnetspark.data.Augmentation;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.ShardInput;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.eval.SparkEvaluator;
import org.resnetspark.model.Variant;
import org.resnetspark.model.layers.ConvKernels;
import org.resnetspark.model.layers.ConvolutionEngine;
import org.resnetspark.progress.Progress;
import org.resnetspark.tables.ResultTables;
import org.resnetspark.tables.TableSchema;
import org.resnetspark.train.DistributedTrainer;
import org.resnetspark.train.EpochResult;
import org.resnetspark.train.TrainingDivergedException;
import org.resnetspark.train.TrainingStatsFiles;

/**
 * A training run, in order: manifest -> model -> trainer -> for each epoch (train, evaluate on the
 * validation split, checkpoint, record metrics) -> summary.
 */
public final class TrainJob {
  private TrainJob() {}

  /** What a finished run reports. */
  public record Outcome(
      String runId, String runDir, Checkpoint lastCheckpoint, EvalResult validation) {}

  /**
   * How a run begins: its directory, and either nothing (a new network), the run's own latest
   * checkpoint ({@code resume}), or another run's checkpoint to fine-tune ({@code warmStart}, whose
   * run becomes the parent).
   */
  public record Start(String runDir, boolean resume, Checkpoint warmStart, String parentRunId) {
    public static Start fresh(Settings settings) {
      return new Start(settings.storage().runsDir() + "/" + newRunId(), false, null, null);
    }

    public static Start resuming(String runDir) {
      return new Start(runDir, true, null, null);
    }
  }

  public static Outcome run(
      SparkSession spark, Settings settings, String configJson, PrintStream out)
      throws IOException {
    return run(spark, settings, configJson, new Progress(out), Start.fresh(settings));
  }

  /**
   * As {@link #run(SparkSession, Settings, String, PrintStream)}; with {@code resumeDir}, continues
   * that run from its latest checkpoint: same run id, parameters and updater state, global step,
   * and the data order and learning rate of the remaining epochs.
   */
  public static Outcome run(
      SparkSession spark, Settings settings, String configJson, PrintStream out, String resumeDir)
      throws IOException {
    return run(spark, settings, configJson, new Progress(out), resumeDir);
  }

  /** As above, reporting through {@code progress} (a live bar on a terminal). */
  public static Outcome run(
      SparkSession spark, Settings settings, String configJson, Progress progress, String resumeDir)
      throws IOException {
    Start start = resumeDir == null ? Start.fresh(settings) : Start.resuming(resumeDir);
    return run(spark, settings, configJson, progress, start);
  }

  public static Outcome run(
      SparkSession spark, Settings settings, String configJson, Progress progress, Start start)
      throws IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    Manifest manifest = Manifest.read(settings.data().shards(), hadoop);

    ModelSpec spec =
        ModelSpec.of(
            settings,
            manifest.numClasses(),
            manifest.height(),
            manifest.width(),
            manifest.channels());
    Variant variant = spec.variant();
    String runDir = start.runDir();
    String runId = new Path(runDir).getName();
    writeText(hadoop, runDir + "/config.json", configJson);
    String configHash = sha256(configJson);
    CheckpointStore checkpoints =
        CheckpointStore.open(runDir, hadoop, BestMetric.parse(settings.checkpoint().bestMetric()));
    Checkpoint resumed = start.resume() ? latestOf(checkpoints, runDir) : null;

    ConvolutionEngine engine = spec.engine();
    ComputationGraph net =
        resumed != null
            ? checkpoints.load(resumed)
            : start.warmStart() != null
                ? CheckpointStore.load(start.warmStart(), hadoop)
                : spec.build();
    DistributedTrainer trainer =
        new DistributedTrainer(sc, net, settings.train(), manifest, progress);
    int firstEpoch = 1;
    if (resumed != null) {
      trainer.resumeAt(resumed.state().globalStep());
      trainer.scaleLearningRate(resumed.state().rateScale());
      firstEpoch = resumed.state().epoch() + 1;
      if (firstEpoch > settings.train().epochs()) {
        throw new ConfigException(
            "Run %s already finished its %d epochs (raise train.epochs, with"
                + " --allow-config-change, to train further)",
            runId, settings.train().epochs());
      }
      progress.line(
          String.format(
              Locale.ROOT,
              "resuming run %s after epoch %d (step %d) from %s",
              runId,
              resumed.state().epoch(),
              resumed.state().globalStep(),
              resumed.path()));
    }
    ResultTables tables = new ResultTables(spark);
    Timestamp started = now();
    tables.upsert(
        TableSchema.RUNS,
        List.of(
            runRow(
                runId, start, settings, configJson, "running", started, null, trainer.workers())));
    progress.line(
        String.format(
            Locale.ROOT,
            "run %s: %s on %s (%d classes, %dx%dx%d), %d workers, %d epochs; writing to %s",
            runId,
            variant.name(),
            settings.data().shards(),
            manifest.numClasses(),
            manifest.height(),
            manifest.width(),
            manifest.channels(),
            trainer.workers(),
            settings.train().epochs(),
            runDir));
    if (engine == ConvolutionEngine.FAST) {
      progress.line("layers: fast, convolutions on " + ConvKernels.name());
    }

    ShardInput validation = ShardInput.of(manifest, "val", Augmentation.NONE, 0);
    DivergenceRollback rollback =
        new DivergenceRollback(
            settings.train().onDivergence(), checkpoints, runDir, hadoop, progress);
    Checkpoint last = null;
    EvalResult val = null;
    for (int epoch = firstEpoch; epoch <= settings.train().epochs(); epoch++) {
      EpochResult r;
      try {
        r = trainer.trainEpoch(epoch);
      } catch (TrainingDivergedException e) {
        epoch = rollback.recover(e, trainer).state().epoch();
        continue;
      }
      val =
          SparkEvaluator.evaluate(
              sc, trainer.network(), validation, classNames(manifest), trainer.workers());
      progress.line(
          String.format(
              Locale.ROOT,
              "epoch %d done in %s: train loss %.4f, val loss %.4f, val top-1 %.4f, top-5 %.4f,"
                  + " %.1f img/s",
              epoch,
              Progress.duration(r.durationSeconds()),
              r.trainLoss(),
              val.loss(),
              val.top1(),
              val.top5(),
              r.imagesPerSec()));
      CheckpointState state =
          new CheckpointState(
              runId,
              epoch,
              r.globalStep(),
              r.learningRate(),
              settings.train().seed(),
              configHash,
              Map.of("loss", val.loss(), "top1", val.top1(), "top5", val.top5()),
              null,
              0,
              Instant.now().toString(),
              trainer.learningRateScale());
      last = checkpoints.write(trainer.network(), state);
      checkpoints.retain(settings.checkpoint().keepLast());
      String written = last.path();
      boolean isBest = checkpoints.best().map(b -> b.path().equals(written)).orElse(false);
      if (trainer.trainingStats() != null) {
        TrainingStatsFiles.write(trainer.trainingStats(), runDir, sc);
      }
      Timestamp at = now();
      tables.upsert(
          TableSchema.EPOCH_METRICS,
          List.of(
              metricsRow(runId, r, "train", r.trainLoss(), null, at),
              metricsRow(runId, r, "val", val.loss(), val, at)));
      tables.recordEvaluation(runId, epoch, "val", val, manifest.classes());
      tables.upsert(
          TableSchema.CHECKPOINTS,
          List.of(
              RowFactory.create(
                  runId,
                  epoch,
                  r.globalStep(),
                  last.path(),
                  last.state().modelSha256(),
                  last.state().modelBytes(),
                  isBest,
                  at)));
    }
    tables.upsert(
        TableSchema.RUNS,
        List.of(
            runRow(
                runId,
                start,
                settings,
                configJson,
                "finished",
                started,
                now(),
                trainer.workers())));
    progress.line(
        String.format(
            Locale.ROOT,
            "run %s finished: %d epochs, val loss %.4f, top-1 %.4f; last checkpoint %s",
            runId,
            settings.train().epochs(),
            val.loss(),
            val.top1(),
            last.path()));
    return new Outcome(runId, runDir, last, val);
  }

  private static Checkpoint latestOf(CheckpointStore checkpoints, String runDir)
      throws IOException {
    return checkpoints
        .latest()
        .orElseThrow(
            () ->
                new ConfigException(
                    "Nothing to resume: no complete checkpoint under %s/checkpoints (start a new"
                        + " run without --resume)",
                    runDir));
  }

  private static List<String> classNames(Manifest manifest) {
    return manifest.classes().stream().map(Manifest.ClassEntry::id).toList();
  }

  private static Row runRow(
      String runId,
      Start start,
      Settings s,
      String config,
      String status,
      Timestamp started,
      Timestamp finished,
      int workers) {
    return RowFactory.create(
        runId,
        start.parentRunId(),
        s.model().variant(),
        s.data().shards(),
        config,
        status,
        started,
        finished,
        workers);
  }

  private static Row metricsRow(
      String runId, EpochResult r, String split, double loss, EvalResult val, Timestamp at) {
    return RowFactory.create(
        runId,
        r.epoch(),
        r.globalStep(),
        split,
        loss,
        val == null ? null : val.top1(),
        val == null ? null : val.top5(),
        r.learningRate(),
        "train".equals(split) ? r.imagesPerSec() : null,
        "train".equals(split) ? r.durationSeconds() : null,
        at);
  }

  public static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now())
        + "-"
        + UUID.randomUUID().toString().substring(0, 6);
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }

  static void writeText(Configuration conf, String location, String text) throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(conf);
    try (OutputStream out = fs.create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
