package org.resnetspark.retrain;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.GenerationConfig;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.config.RetrainSettings;
import org.resnetspark.config.Settings;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.PrepareJob;
import org.resnetspark.data.PrepareOptions;
import org.resnetspark.data.ShardInput;
import org.resnetspark.data.SourceIndex;
import org.resnetspark.data.TrainingSet;
import org.resnetspark.eval.EvalResult;
import org.resnetspark.eval.SparkEvaluator;
import org.resnetspark.job.OldMetrics;
import org.resnetspark.job.PrepareSettings;
import org.resnetspark.job.RunIds;
import org.resnetspark.job.RunStart;
import org.resnetspark.job.TrainJob;
import org.resnetspark.progress.Progress;
import org.resnetspark.progress.ProgressOutput;
import org.resnetspark.tables.EpochMetricRow;
import org.resnetspark.tables.ResultTables;

/**
 * One scheduled retrain, in order: lock -> the unfinished generation, or what is new in the source
 * -> prepare only that -> train on all generations' train data, warm-started from the champion ->
 * score on the fixed holdout (and the new data's val) -> promote if better by the margin -> record.
 */
public final class RetrainJob {
  static final String NEW_DATA_SPLIT = "new-val";

  private RetrainJob() {}

  /** What a retrain did: nothing (no new images), or a generation and its decision. */
  record Outcome(Generation generation, Generation.Decision decision) {
    boolean nothingNew() {
      return generation == null;
    }
  }

  public static Outcome run(
      SparkSession spark, Settings settings, String configJson, PrintStream out, boolean force)
      throws IOException {
    RetrainSettings r = settings.retrain();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try (PipelineLock lock =
        PipelineLock.acquire(
            r.root(),
            hadoop,
            Duration.ofSeconds(r.lockTimeoutSeconds()),
            Duration.ofSeconds(r.heartbeatSeconds()),
            out::println)) {
      List<Generation> all = Generation.list(r.root(), hadoop);
      Generation open = unfinished(all, hadoop);
      if (open != null) {
        out.printf(
            Locale.ROOT,
            "continuing unfinished generation %d (run %s)%n",
            open.number(),
            open.runId());
      } else {
        open = start(spark, settings, all, out, force);
        if (open == null) {
          return new Outcome(null, null);
        }
        all.add(open);
      }
      return finish(spark, settings, configJson, all, open, lock, out);
    }
  }

  private static Generation unfinished(List<Generation> all, Configuration conf)
      throws IOException {
    if (all.isEmpty()) {
      return null;
    }
    Generation last = all.get(all.size() - 1);
    return last.decision(conf).isPresent() ? null : last;
  }

  /** Finds the new files and opens a generation for them; null when there is nothing to do. */
  private static Generation start(
      SparkSession spark, Settings settings, List<Generation> all, PrintStream out, boolean force)
      throws IOException {
    RetrainSettings r = settings.retrain();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (r.source().isEmpty()) {
      throw new org.resnetspark.config.ConfigException(
          "No source for retrain: set retrain.source (or data.source) to the image collection");
    }
    List<String> known = new ArrayList<>();
    for (Generation g : all) {
      known.add(g.indexDir());
    }
    Manifest base = all.isEmpty() ? null : Manifest.read(all.get(0).dataDir(), hadoop);
    Dataset<Row> scanned = SourceIndex.scan(spark, r.source(), settings.data().layout(), base);
    SourceIndex.Changes changes = SourceIndex.compare(spark, scanned, known);
    if (!changes.changedKeys().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "warning: %d files changed content since they were prepared and are left out (a"
              + " prepared image is never replaced; give a changed image a new name): %s%n",
          changes.changedKeys().size(),
          changes.changedKeys().subList(0, Math.min(5, changes.changedKeys().size())));
    }
    if (changes.isEmpty() && !(force && !all.isEmpty())) {
      out.printf(
          Locale.ROOT,
          "nothing new in %s since generation %d; nothing to do (--force retrains anyway)%n",
          r.source(),
          all.isEmpty() ? 0 : all.get(all.size() - 1).number());
      return null;
    }
    Champion champion = Champion.of(r.root(), hadoop);
    Optional<String> current = champion.read();
    String championRunId =
        current.isPresent() ? CheckpointStore.at(current.get(), hadoop).state().runId() : null;
    int number = all.isEmpty() ? 1 : all.get(all.size() - 1).number() + 1;
    Generation g =
        Generation.open(
            number,
            Generation.generationsDir(r.root()) + "/" + Generation.name(number),
            RunIds.next(),
            current.orElse(null),
            championRunId,
            changes.addedKeys().size(),
            Instant.now().toString());
    SourceIndex.write(changes.added(), g.indexDir());
    g.writeState(hadoop);
    out.printf(
        Locale.ROOT,
        "generation %d: %d new images in %s, run %s, %s%n",
        number,
        changes.addedKeys().size(),
        r.source(),
        g.runId(),
        current.map(c -> "warm start from champion " + c).orElse("first model"));
    return g;
  }

  private static Outcome finish(
      SparkSession spark,
      Settings settings,
      String configJson,
      List<Generation> all,
      Generation g,
      PipelineLock lock,
      PrintStream out)
      throws IOException {
    RetrainSettings r = settings.retrain();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    List<Manifest> parts = new ArrayList<>();
    Manifest added = null;
    for (Generation each : all) {
      if (each.number() == g.number()) {
        added = prepared(spark, settings, parts, g, out);
        if (added != null) {
          parts.add(added);
        }
      } else if (each.newImages() > 0) {
        parts.add(Manifest.read(each.dataDir(), hadoop));
      }
    }
    TrainingSet.combine(parts, g.shardsDir(), hadoop);
    ResolvedConfig pipeline = new ResolvedConfig(settings, configJson);
    ResolvedConfig generation =
        g.champion() == null
            ? GenerationConfig.firstModel(pipeline, g.shardsDir())
            : GenerationConfig.fineTuning(pipeline, g.shardsDir());
    CheckpointStore store = CheckpointStore.open(g.runDir(), hadoop);
    Optional<Checkpoint> latest = store.latest();
    if (latest.isEmpty()
        || latest.get().state().epochsDone() < generation.settings().train().epochs()) {
      RunStart start =
          latest.isPresent()
              ? RunStart.resuming(g.runDir())
              : g.champion() == null
                  ? RunStart.inDirectory(g.runDir())
                  : RunStart.warmStart(
                      g.runDir(), CheckpointStore.at(g.champion(), hadoop), g.championRunId());
      TrainJob.run(
          spark,
          generation.settings(),
          generation.json(),
          start,
          new Progress(ProgressOutput.forConsole(out)));
      latest = store.latest();
    } else {
      out.printf(Locale.ROOT, "run %s already trained; deciding%n", g.runId());
    }
    Checkpoint challenger = latest.orElseThrow();
    Double newData = scoreNewData(spark, settings, g, added, challenger, out);
    if (g.champion() != null) {
      OldMetrics.comparable(
          sc,
          CheckpointStore.at(g.champion(), hadoop),
          r.metric(),
          Manifest.read(g.shardsDir(), hadoop),
          "val",
          settings.train().workers() > 0 ? settings.train().workers() : sc.defaultParallelism(),
          new Progress(ProgressOutput.forConsole(out)));
    }
    lock.checkHeld();
    Generation.Decision decision = Promotion.decide(r, g, challenger, newData, hadoop);
    if (decision.promoted()) {
      Champion.of(r.root(), hadoop).promote(challenger.path());
    }
    new ResultTables(spark).upsert(Promotion.row(r, g, decision));
    g.writeDecision(hadoop, decision);
    out.printf(
        Locale.ROOT,
        "generation %d %s: %s; champion %s%n",
        g.number(),
        decision.promoted() ? "promoted" : "not promoted",
        decision.reason(),
        Champion.of(r.root(), hadoop).read().orElse("none"));
    return new Outcome(g, decision);
  }

  /** The generation's new files prepared (once; a crash before the manifest prepares again). */
  private static Manifest prepared(
      SparkSession spark, Settings settings, List<Manifest> before, Generation g, PrintStream out)
      throws IOException {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (g.newImages() == 0) {
      return null;
    }
    Path manifest = new Path(g.dataDir(), Manifest.FILE_NAME);
    if (manifest.getFileSystem(hadoop).exists(manifest)) {
      return Manifest.read(g.dataDir(), hadoop);
    }
    Set<String> keys = new HashSet<>();
    for (Row row : spark.read().parquet(g.indexDir()).select("key").collectAsList()) {
      keys.add(row.getString(0));
    }
    PrepareOptions options =
        PrepareSettings.options(settings, settings.retrain().source(), g.dataDir(), true);
    if (before.isEmpty()) {
      return PrepareJob.runAddition(spark, options, null, keys, out::println);
    }
    Manifest base = before.get(0);
    return PrepareJob.runAddition(
        spark, options.withShardSize(base.preprocessing().shardSize()), base, keys, out::println);
  }

  private static Double scoreNewData(
      SparkSession spark,
      Settings settings,
      Generation g,
      Manifest added,
      Checkpoint challenger,
      PrintStream out)
      throws IOException {
    if (added == null
        || !added.splits().containsKey("val")
        || added.splits().get("val").examples() == 0) {
      return null;
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers =
        settings.train().workers() > 0 ? settings.train().workers() : sc.defaultParallelism();
    EvalResult result =
        SparkEvaluator.evaluate(
            sc,
            CheckpointStore.load(challenger, sc.hadoopConfiguration()),
            ShardInput.of(added, "val", Augmentation.NONE, 0),
            added.classes().stream().map(Manifest.ClassEntry::id).toList(),
            workers);
    ResultTables tables = new ResultTables(spark);
    int epoch = challenger.state().epoch();
    tables.upsert(
        EpochMetricRow.evaluation(
            g.runId(), challenger.state(), NEW_DATA_SPLIT, result, Timestamp.from(Instant.now())));
    tables.recordEvaluation(g.runId(), epoch, NEW_DATA_SPLIT, result, added.classes());
    out.printf(
        Locale.ROOT,
        "new data's val (%d images): loss %.4f, top-1 %.4f%n",
        result.examples(),
        result.loss(),
        result.top1());
    return settings.retrain().metric().of(result.loss(), result.top1(), result.top5());
  }
}
