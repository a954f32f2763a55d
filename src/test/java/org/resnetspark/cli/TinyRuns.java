package org.resnetspark.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.job.RunStart;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.job.TrainJob;
import org.resnetspark.progress.Progress;
import org.resnetspark.testing.FashionShards;

/**
 * Two real tiny training runs on Fashion-MNIST, a residual and a plain ResNet-8 for two epochs
 * each, with their result tables in {@code target/tiny-runs}. Trained once per test JVM and shared
 * by the classes that read the tables (report, notebooks).
 */
final class TinyRuns {
  static final Path WORK = Path.of("target", "tiny-runs").toAbsolutePath();
  private static List<String> runIds;

  private TinyRuns() {}

  /** The overrides that point a command at the tables (and train the runs). */
  static List<String> settings() {
    return List.of(
        "storage.work-dir=" + WORK,
        "spark.master=local[2]",
        "train.workers=2",
        "train.batch-size-per-worker=16",
        "train.averaging-frequency=1",
        "train.learning-rate=0.05",
        "train.epochs=2");
  }

  /** The same as --set arguments of a command line. */
  static List<String> setArguments() {
    List<String> args = new ArrayList<>();
    settings().forEach(s -> args.addAll(List.of("--set", s)));
    return args;
  }

  /** A Spark session on the tables; the runs are trained first if this JVM has not yet. */
  static synchronized SparkSession session() throws IOException {
    SparkSession spark = SparkSessions.create(ConfigLoader.load(null, settings()), null);
    if (runIds == null) {
      runIds = train(spark);
    }
    return spark;
  }

  /** The residual run's id, then the plain run's. */
  static List<String> runIds() {
    return runIds;
  }

  private static List<String> train(SparkSession spark) throws IOException {
    delete(WORK);
    ResolvedConfig base = ConfigLoader.loadWithJson(null, settings());
    FashionShards.prepare(spark, base.settings().data().shards(), 8, 16);
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    List<String> ids = new ArrayList<>();
    for (String variant : List.of("resnet8", "plain8")) {
      List<String> overrides = new ArrayList<>(settings());
      overrides.add("model.variant=" + variant);
      ResolvedConfig config = ConfigLoader.loadWithJson(null, overrides);
      ids.add(
          TrainJob.run(
                  spark,
                  config.settings(),
                  config.json(),
                  RunStart.fresh(config.settings()),
                  new Progress(quiet))
              .runId());
    }
    return List.copyOf(ids);
  }

  private static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
