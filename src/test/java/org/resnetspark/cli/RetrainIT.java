package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.data.FashionMnist;
import org.resnetspark.data.Manifest;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.retrain.Champion;
import org.resnetspark.retrain.PipelineLock;
import org.resnetspark.retrain.RetrainJob;
import picocli.CommandLine;

/**
 * Generations of one pipeline on a growing class-folder tree of Fashion-MNIST images: the first
 * model, a no-op, new images folded in and promoted, a forced generation that is not promoted, a
 * crashed generation continued, a live lock refused, a stale lock taken over, a new class refused.
 * The tests run in order on the same pipeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainIT {
  private static final int CLASSES = 10;
  @TempDir static Path work;
  static Path source;
  static String root;
  static SparkSession spark;
  static final Configuration HADOOP = new Configuration();

  @BeforeAll
  static void start() {
    source = work.resolve("source");
    root = work.resolve("pipeline").toString();
    FashionMnist.writeClassFolders(FashionMnist.defaultDir(), source, 12, 4);
    spark = SparkSessions.create(config().settings(), null);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static List<String> settings(String... more) {
    List<String> s =
        new ArrayList<>(
            List.of(
                "storage.work-dir=" + work,
                "spark.master=local[2]",
                "model.variant=resnet8",
                "data.shard-size=32",
                "train.workers=2",
                "train.batch-size-per-worker=16",
                "train.averaging-frequency=2",
                "train.epochs=1",
                "retrain.source=" + source,
                "retrain.root=" + root,
                "retrain.learning-rate=0.02"));
    s.addAll(List.of(more));
    return s;
  }

  static ResolvedConfig config(String... more) {
    return ConfigLoader.loadWithJson(null, settings(more));
  }

  /** Runs a retrain in this JVM's session; returns what it printed. */
  static String retrain(boolean force, String... more) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ResolvedConfig c = config(more);
    RetrainJob.run(
        spark, c.settings(), c.json(), new PrintStream(bytes, true, StandardCharsets.UTF_8), force);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Runs {@code resnet-spark retrain} through the command line; returns exit code and stderr. */
  static Object[] command(String... more) {
    List<String> args = new ArrayList<>(List.of("retrain"));
    for (String s : settings(more)) {
      args.add("--set");
      args.add(s);
    }
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args.toArray(String[]::new));
    return new Object[] {code, err.toString()};
  }

  static List<Row> promotions() {
    return spark
        .sql(
            "SELECT generation, run_id, champion_run_id, promoted, reason, challenger_score,"
                + " champion_score, new_data_score, new_images FROM resnet.promotions"
                + " ORDER BY generation")
        .collectAsList();
  }

  static String champion() throws Exception {
    return Champion.of(root, HADOOP).read().orElse(null);
  }

  static long generations() throws Exception {
    try (var dirs = Files.list(Path.of(root, "generations"))) {
      return dirs.count();
    }
  }

  @Test
  @Order(1)
  void theFirstGenerationTrainsOnEverythingAndBecomesTheChampion() throws Exception {
    String out = retrain(false);

    assertThat(out).contains("generation 1: 160 new images").contains("first model");
    List<Row> rows = promotions();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getBoolean(3)).isTrue();
    assertThat(rows.get(0).getString(4)).contains("no champion yet");
    assertThat(rows.get(0).isNullAt(2)).isTrue();
    String runId = rows.get(0).getString(1);
    assertThat(champion()).contains("gen-0001/" + runId + "/checkpoints/epoch-0001");
    Manifest data = Manifest.read(root + "/generations/gen-0001/data", HADOOP);
    assertThat(data.examples("train")).isEqualTo(12L * CLASSES);
    assertThat(data.examples("val")).isEqualTo(4L * CLASSES);
  }

  @Test
  @Order(2)
  void aSourceWithNothingNewIsANoOp() throws Exception {
    Object[] result = command();
    assertThat(result[0]).isEqualTo(0);
    assertThat(generations()).isEqualTo(1);
    assertThat(retrain(false)).contains("nothing new in " + source + " since generation 1");
    assertThat(promotions()).hasSize(1);
  }

  @Test
  @Order(3)
  void newImagesArePreparedAloneAndTheBetterModelIsPromoted() throws Exception {
    FashionMnist.writeClassFolders(FashionMnist.defaultDir(), source, 18, 5);
    String firstRun = promotions().get(0).getString(1);

    // A negative margin accepts a model up to 1.0 worse: the promotion path, whatever it scores.
    String out = retrain(false, "retrain.margin=-1.0");

    assertThat(out).contains("generation 2: 70 new images").contains("warm start from champion");
    Manifest added = Manifest.read(root + "/generations/gen-0002/data", HADOOP);
    // Only the new files were read and decoded: 6 train and 1 val image per class.
    assertThat(added.run().sourceFiles()).isEqualTo(70);
    assertThat(added.examples("train")).isEqualTo(6L * CLASSES);
    assertThat(added.examples("val")).isEqualTo(1L * CLASSES);
    Manifest combined = Manifest.read(root + "/generations/gen-0002/shards", HADOOP);
    assertThat(combined.examples("train")).isEqualTo(18L * CLASSES);
    assertThat(combined.examples("val")).isEqualTo(4L * CLASSES); // the fixed holdout

    List<Row> rows = promotions();
    assertThat(rows).hasSize(2);
    Row second = rows.get(1);
    assertThat(second.getBoolean(3)).isTrue();
    assertThat(second.getString(2)).isEqualTo(firstRun);
    assertThat(second.isNullAt(6)).isFalse();
    assertThat(second.isNullAt(7)).isFalse();
    assertThat(second.getLong(8)).isEqualTo(70);
    assertThat(champion()).contains("gen-0002/" + second.getString(1));
    assertThat(
            spark
                .sql(
                    "SELECT parent_run_id FROM resnet.runs WHERE run_id = '"
                        + second.getString(1)
                        + "'")
                .first()
                .getString(0))
        .isEqualTo(firstRun);
    assertThat(
            spark
                .sql(
                    "SELECT count(*) FROM resnet.epoch_metrics WHERE split = 'new-val' AND run_id"
                        + " = '"
                        + second.getString(1)
                        + "'")
                .first()
                .getLong(0))
        .isEqualTo(1);

    // The generation fine-tuned with the retrain schedule, and its records say so.
    String runDir = root + "/generations/gen-0002/" + second.getString(1);
    Config saved = ConfigFactory.parseFile(Path.of(runDir, "config.json").toFile());
    String recorded =
        spark
            .sql("SELECT config FROM resnet.runs WHERE run_id = '" + second.getString(1) + "'")
            .first()
            .getString(0);
    for (Config c : List.of(saved, ConfigFactory.parseString(recorded))) {
      assertThat(c.getDouble("train.learning-rate")).isEqualTo(0.02);
      assertThat(c.getString("train.schedule.type")).isEqualTo("cosine");
      assertThat(c.getInt("train.epochs")).isEqualTo(config().settings().retrain().epochs());
      assertThat(c.getString("data.shards")).isEqualTo(root + "/generations/gen-0002/shards");
    }
    assertThat(config().settings().train().learningRate()).isNotEqualTo(0.02);
    assertThat(config().settings().train().schedule().type()).isNotEqualTo("cosine");
  }

  @Test
  @Order(4)
  void aForcedGenerationThatIsNotBetterByTheMarginKeepsTheChampion() throws Exception {
    String before = champion();

    String out = retrain(true, "retrain.margin=1.0");

    assertThat(out).contains("generation 3: 0 new images").contains("not promoted");
    Row third = promotions().get(2);
    assertThat(third.getBoolean(3)).isFalse();
    assertThat(third.getString(4)).contains("not more than the margin 1.0000");
    assertThat(champion()).isEqualTo(before);
  }

  @Test
  @Order(5)
  void aGenerationThatCrashedBeforeItsDecisionIsContinuedNotStartedAgain() throws Exception {
    Path gen3 = Path.of(root, "generations", "gen-0003");
    Files.delete(gen3.resolve("decision.json"));
    spark.sql("DELETE FROM resnet.promotions WHERE generation = 3");
    String runId;
    try (var dirs = Files.list(gen3)) {
      runId =
          dirs.map(p -> p.getFileName().toString())
              .filter(n -> n.matches("\\d{8}-.*"))
              .findFirst()
              .orElseThrow();
    }
    String checkpoint = gen3.resolve(runId).resolve("checkpoints/epoch-0001").toString();
    String written = CheckpointStore.at(checkpoint, HADOOP).state().createdAt();

    String out = retrain(false, "retrain.margin=1.0");

    assertThat(out)
        .contains("continuing unfinished generation 3 (run " + runId + ")")
        .contains("already trained")
        .doesNotContain("generation 4");
    assertThat(generations()).isEqualTo(3);
    assertThat(CheckpointStore.at(checkpoint, HADOOP).state().createdAt()).isEqualTo(written);
    assertThat(promotions()).hasSize(3);
    assertThat(promotions().get(2).getBoolean(3)).isFalse();
  }

  @Test
  @Order(6)
  void aSecondRetrainWhileOneIsRunningIsRefused() throws Exception {
    String now = Instant.now().toString();
    writeLock(new PipelineLock.Holder("other-job", "host-a", 4242, now, now));
    try {
      Object[] result = command();
      assertThat(result[0]).isEqualTo(2);
      assertThat((String) result[1])
          .contains("Another retrain of " + root + " is running")
          .contains("other-job on host-a (pid 4242)")
          .contains("retrain.lock-timeout-s");
    } finally {
      Files.delete(Path.of(root, PipelineLock.FILE_NAME));
    }
  }

  @Test
  @Order(7)
  void aStaleLockIsTakenOver() throws Exception {
    String old = Instant.now().minusSeconds(3600).toString();
    writeLock(new PipelineLock.Holder("crashed-job", "host-b", 99, old, old));

    String out = retrain(false);

    assertThat(out)
        .contains("took over the stale lock of crashed-job on host-b (pid 99)")
        .contains("nothing new");
    assertThat(Path.of(root, PipelineLock.FILE_NAME)).doesNotExist();
  }

  @Test
  @Order(8)
  void aNewClassIsRefusedWithTheWayOut() throws Exception {
    Path newClass = source.resolve("train/99-new-class");
    Files.createDirectories(newClass);
    try (var images = Files.list(source.resolve("train/0-t-shirt-top"))) {
      Files.copy(images.findFirst().orElseThrow(), newClass.resolve("0.png"));
    }
    try {
      Object[] result = command();
      assertThat(result[0]).isEqualTo(2);
      assertThat((String) result[1])
          .contains("new: [99-new-class]")
          .contains("start a new pipeline");
      assertThat(generations()).isEqualTo(3);
    } finally {
      Files.delete(newClass.resolve("0.png"));
      Files.delete(newClass);
    }
  }

  @Test
  @Order(9)
  void theReadmeQueriesOverGenerationsRun() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("## Retraining"));
    int start = section.indexOf("```sql") + "```sql".length();
    String block = section.substring(start, section.indexOf("```", start));
    List<String> queries =
        java.util.Arrays.stream(block.split(";"))
            .map(String::strip)
            .filter(q -> !q.isEmpty())
            .toList();
    assertThat(queries).hasSize(3);
    for (String query : queries) {
      assertThat(spark.sql(query).collectAsList()).as(query).isNotEmpty();
    }
    assertThat(spark.sql(queries.get(1)).collectAsList())
        .extracting(r -> r.getInt(1))
        .containsExactly(1, 2, 3);
  }

  private static void writeLock(PipelineLock.Holder holder) throws Exception {
    Files.write(
        Path.of(root, PipelineLock.FILE_NAME), new ObjectMapper().writeValueAsBytes(holder));
  }
}
