package org.resnetspark.job;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.config.Settings;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.Scoring;
import org.resnetspark.data.ShardInput;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.eval.NonFinitePredictionsException;
import org.resnetspark.eval.SparkEvaluator;
import org.resnetspark.model.TrainableParams;
import org.resnetspark.model.Variant;
import org.resnetspark.model.layers.ConvKernels;
import org.resnetspark.progress.Progress;
import org.resnetspark.train.DistributedTrainer;
import org.resnetspark.train.EpochResult;
import org.resnetspark.train.TrainingDivergedException;
import org.resnetspark.train.TrainingStatsFiles;

/**
 * A training run, in order: open the run -> build or load the network -> for each epoch (train,
 * evaluate on the validation split, checkpoint, record) -> summary.
 */
public final class TrainJob {
  private TrainJob() {}

  /** What a finished run reports. */
  public record Outcome(
      String runId, String runDir, Checkpoint lastCheckpoint, EvalResult validation) {}

  /**
   * Trains as {@code start} says: a new run, or a resumed one continuing from its latest checkpoint
   * (same run id, parameters and updater state, global step, and the data order and learning rate
   * of the remaining epochs), or a warm start from another run's checkpoint.
   */
  public static Outcome run(
      SparkSession spark, Settings settings, String configJson, RunStart start, Progress progress)
      throws IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    Manifest manifest = Manifest.read(settings.data().shards(), hadoop);
    MemoryCheck.beforeTraining(sc, settings, manifest);
    RunDirectory run = new RunDirectory(start.runDir(), hadoop);
    run.writeConfig(configJson);
    CheckpointStore store =
        CheckpointStore.open(run.path(), hadoop, settings.checkpoint().bestMetric());
    Optional<Checkpoint> resumed = start.resumePoint(store);

    Variant variant = ModelSpec.variantOf(settings);
    ComputationGraph net = StartingNetwork.of(start, resumed, store, settings, manifest, hadoop);
    DistributedTrainer trainer =
        new DistributedTrainer(sc, net, settings.train(), manifest, progress);
    ResumePoint from =
        resumed.isPresent() ? continueAfter(resumed.get(), trainer, settings) : ResumePoint.START;
    if (resumed.isPresent()) {
      OldMetrics.best(
          sc, store, settings.checkpoint().bestMetric(), manifest, trainer.workers(), progress);
    }
    RunRecorder recorder =
        RunRecorder.started(
            spark,
            run.runId(),
            start.parentRunId(),
            settings,
            configJson,
            trainer.workers(),
            TrainableParams.count(net));
    announce(run, variant, settings, manifest, trainer, resumed, from, progress);

    ShardInput validation = ShardInput.of(manifest, "val", Augmentation.NONE, 0);
    Scoring scoring = Scoring.of(manifest);
    EpochCheckpoints checkpoints =
        new EpochCheckpoints(store, run.runId(), settings, configJson, scoring);
    trainer.afterEachRound(
        new RoundCheckpoints(store, trainer, settings, checkpoints, recorder, progress));
    DivergenceRollback rollback =
        new DivergenceRollback(settings.train().onDivergence(), store, run, progress);
    EpochCheckpoints.Saved last = null;
    EvalResult val = null;
    for (int epoch = from.epoch(); epoch <= settings.train().epochs(); epoch++) {
      EpochResult trained;
      try {
        trained = from.train(trainer, epoch);
        val = validate(sc, trainer, validation, manifest, trained);
      } catch (TrainingDivergedException e) {
        from = ResumePoint.after(rollback.recover(e, trainer).state());
        epoch = from.epoch() - 1; // the loop's step brings it back to from.epoch()
        continue;
      }
      progress.line(epochLine(trained, val));
      last = checkpoints.save(trainer, trained, val);
      writeTrainingStats(sc, trainer, run);
      recorder.epoch(trained, val, last, manifest.classes());
    }
    recorder.finished();
    progress.line(summary(run, settings, val, last.checkpoint()));
    return new Outcome(run.runId(), run.path(), last.checkpoint(), val);
  }

  private static EvalResult evaluate(
      JavaSparkContext sc, DistributedTrainer trainer, ShardInput validation, Manifest manifest) {
    List<String> ids = manifest.classes().stream().map(Manifest.ClassEntry::id).toList();
    return SparkEvaluator.evaluate(sc, trainer.network(), validation, ids, trainer.workers());
  }

  /**
   * The validation metrics after an epoch. A network that predicts NaN or infinite values has
   * diverged, although its training loss may have stayed finite (batch norm's running statistics,
   * which only inference uses, out of float range).
   */
  private static EvalResult validate(
      JavaSparkContext sc,
      DistributedTrainer trainer,
      ShardInput validation,
      Manifest manifest,
      EpochResult trained) {
    try {
      return evaluate(sc, trainer, validation, manifest);
    } catch (NonFinitePredictionsException e) {
      throw TrainingDivergedException.inValidation(
          e.getMessage(), trained.epoch(), trained.globalStep(), trained.learningRate());
    }
  }

  /** DL4J's timings of the epochs so far, when {@code train.collect-stats} asks for them. */
  private static void writeTrainingStats(
      JavaSparkContext sc, DistributedTrainer trainer, RunDirectory run) throws IOException {
    if (trainer.trainingStats() != null) {
      TrainingStatsFiles.write(trainer.trainingStats(), run.path(), sc);
    }
  }

  /** Puts the trainer where the resumed checkpoint left off; returns where training goes on. */
  private static ResumePoint continueAfter(
      Checkpoint resumed, DistributedTrainer trainer, Settings settings) {
    trainer.resumeAt(resumed.state().globalStep());
    trainer.scaleLearningRate(resumed.state().rateScale());
    ResumePoint next = ResumePoint.after(resumed.state());
    if (next.epoch() > settings.train().epochs()) {
      throw new ConfigException(
          "Run %s already finished its %d epochs (raise train.epochs, with"
              + " --allow-config-change, to train further)",
          resumed.state().runId(), settings.train().epochs());
    }
    return next;
  }

  private static void announce(
      RunDirectory run,
      Variant variant,
      Settings settings,
      Manifest manifest,
      DistributedTrainer trainer,
      Optional<Checkpoint> resumed,
      ResumePoint from,
      Progress progress) {
    resumed.ifPresent(
        r ->
            progress.line(
                String.format(
                    Locale.ROOT,
                    "resuming run %s %s from %s",
                    run.runId(),
                    from.describe(r.state()),
                    r.path())));
    progress.line(
        String.format(
            Locale.ROOT,
            "run %s: %s on %s (%d classes, %dx%dx%d), %d workers, %d epochs; writing to %s",
            run.runId(),
            variant.name(),
            settings.data().shards(),
            manifest.numClasses(),
            manifest.height(),
            manifest.width(),
            manifest.channels(),
            trainer.workers(),
            settings.train().epochs(),
            run.path()));
    if (settings.model().engine() == ConvolutionEngine.FAST) {
      progress.line("layers: fast, convolutions on " + ConvKernels.name());
    }
  }

  private static String epochLine(EpochResult r, EvalResult val) {
    return String.format(
        Locale.ROOT,
        "epoch %d done in %s: train loss %.4f, train top-1 error %.4f, val loss %.4f, val"
            + " top-1 %.4f, top-5 %.4f, weight-decay penalty %.4f, %.1f img/s",
        r.epoch(),
        Progress.duration(r.durationSeconds()),
        r.trainLoss(),
        r.trainError(),
        val.loss(),
        val.top1(),
        val.top5(),
        val.penalty(),
        r.imagesPerSec());
  }

  private static String summary(RunDirectory run, Settings settings, EvalResult val, Checkpoint c) {
    return String.format(
        Locale.ROOT,
        "run %s finished: %d epochs, val loss %.4f, top-1 %.4f; last checkpoint %s",
        run.runId(),
        settings.train().epochs(),
        val.loss(),
        val.top1(),
        c.path());
  }
}
