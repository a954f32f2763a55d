package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pipeline end to end on a tiny Fashion-MNIST input, checked by what it wrote; then the
 * evaluate and sql commands on the tables and checkpoint it left.
 */
class DemoIT {
  @TempDir static Path work;
  static int exitCode;
  static String output;
  static String trainingRun;
  static Cli evaluation;

  /** What one command printed and returned. */
  record Cli(int exitCode, String out, String err) {}

  @BeforeAll
  static void runDemo() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      exitCode =
          Main.run(
              "demo",
              "--config",
              "conf/demo.conf",
              "--set",
              "storage.work-dir=" + work,
              "--set",
              "demo.train-per-class=16",
              "--set",
              "demo.val-per-class=4",
              "--set",
              "train.epochs=1",
              "--set",
              "train.batch-size-per-worker=16",
              "--set",
              "data.shard-size=16");
    } finally {
      System.setOut(original);
      output = captured.toString();
      System.out.print(output);
    }
    trainingRun =
        SparkSession.active()
            .sql("SELECT run_id FROM resnet.runs WHERE parent_run_id IS NULL")
            .first()
            .getString(0);
    evaluation =
        cli(
            "evaluate",
            "--checkpoint",
            work.resolve("runs/" + trainingRun + "/checkpoints/epoch-0001").toString(),
            "--data",
            work.resolve("shards").toString());
  }

  /** Runs a command on the demo's work folder, capturing standard output and error. */
  static Cli cli(String command, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(capturedOut, true));
    System.setErr(new PrintStream(capturedErr, true));
    int code;
    try {
      List<String> all = new ArrayList<>();
      all.addAll(List.of(command, "--config", "conf/demo.conf"));
      all.addAll(List.of("--set", "storage.work-dir=" + work));
      all.addAll(List.of(args));
      code = Main.run(all.toArray(String[]::new));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    Cli result = new Cli(code, capturedOut.toString(), capturedErr.toString());
    System.out.print(result.out());
    System.err.print(result.err());
    return result;
  }

  /** The CSV lines of a query's result, header first, through the sql command. */
  static List<String> sql(String query) {
    Cli result = cli("sql", "--format", "csv", query);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out().lines().toList();
  }

  @AfterAll
  static void stopSpark() {
    SparkSession.active().stop();
  }

  @Test
  void succeeds() {
    assertThat(exitCode).isZero();
    assertThat(output).contains("[5/5] written:").contains("epoch 1 done");
  }

  @Test
  void writesShardsAndAManifestWithEveryExample() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(work.resolve("shards/manifest.json").toFile());
    assertThat(manifest.at("/splits/train/examples").asLong()).isEqualTo(160);
    assertThat(manifest.at("/splits/val/examples").asLong()).isEqualTo(40);
    assertThat(manifest.at("/classes").size()).isEqualTo(10);
    try (var files = Files.walk(work.resolve("shards"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isPositive();
    }
  }

  @Test
  void writesACheckpoint() throws Exception {
    try (var files = Files.walk(work.resolve("runs"))) {
      List<Path> models =
          files.filter(p -> p.endsWith(Path.of("checkpoints/epoch-0001/model.zip"))).toList();
      assertThat(models).hasSize(1);
      assertThat(Files.size(models.get(0))).isGreaterThan(10_000);
    }
  }

  @Test
  void recordsValidationMetricsInTheTable() {
    List<Row> rows =
        SparkSession.active()
            .sql(
                "SELECT epoch, loss, top1, top5 FROM resnet.epoch_metrics WHERE split = 'val'"
                    + " AND run_id = '"
                    + trainingRun
                    + "'")
            .collectAsList();
    assertThat(rows).hasSize(1);
    Row row = rows.get(0);
    assertThat(row.getInt(0)).isEqualTo(1);
    assertThat(row.getDouble(1)).isFinite().isPositive();
    assertThat(row.getDouble(2)).isBetween(0.0, 1.0);
    assertThat(row.getDouble(3)).isGreaterThanOrEqualTo(row.getDouble(2));
    assertThat(output).contains("sql> SELECT run_id, epoch, split");
  }

  @Test
  void recordsPerClassMetricsOfTheValidationSplit() {
    String where = " WHERE run_id = '" + trainingRun + "' AND epoch = 1 AND split = 'val'";
    assertThat(
            sql(
                "SELECT count(*) AS classes, sum(support) AS support, count(class_id) AS ids,"
                    + " count(class_name) AS names, min(class_index) AS lo, max(class_index) AS hi"
                    + " FROM resnet.class_metrics"
                    + where))
        .containsExactly("classes,support,ids,names,lo,hi", "10,40,10,10,0,9");
    // Recall weighted by support is the accuracy; F1 is a ratio wherever it is defined.
    assertThat(
            sql(
                "SELECT round(sum(c.recall * c.support) / sum(c.support) - max(m.top1), 9) AS diff,"
                    + " count_if(c.f1 < 0 OR c.f1 > 1 OR c.precision > 1) AS out_of_range"
                    + " FROM resnet.class_metrics c JOIN resnet.epoch_metrics m"
                    + " ON m.run_id = c.run_id AND m.epoch = c.epoch AND m.split = c.split"
                    + " WHERE c.run_id = '"
                    + trainingRun
                    + "' AND c.epoch = 1 AND c.split = 'val'"))
        .containsExactly("diff,out_of_range", "0.0,0");
  }

  @Test
  void recordsTheConfusionMatrix() {
    String where = " WHERE run_id = '" + trainingRun + "' AND epoch = 1 AND split = 'val'";
    assertThat(sql("SELECT sum(count) AS total FROM resnet.confusion" + where))
        .containsExactly("total", "40");
    assertThat(sql("SELECT count(*) AS zero_cells FROM resnet.confusion WHERE count <= 0"))
        .containsExactly("zero_cells", "0");
    // Each class's row sum is its support; the diagonal is the correct predictions.
    assertThat(
            sql(
                "SELECT count(*) AS mismatches FROM (SELECT actual_class, sum(count) AS n"
                    + " FROM resnet.confusion"
                    + where
                    + " GROUP BY actual_class) a FULL JOIN (SELECT class_index, support"
                    + " FROM resnet.class_metrics"
                    + where
                    + ") c ON a.actual_class = c.class_index"
                    + " WHERE coalesce(a.n, 0) <> c.support"))
        .containsExactly("mismatches", "0");
    assertThat(
            sql(
                "SELECT round(sum(IF(actual_class = predicted_class, count, 0)) / 40"
                    + " - (SELECT top1 FROM resnet.epoch_metrics"
                    + where
                    + "), 9) AS diff FROM resnet.confusion"
                    + where))
        .containsExactly("diff", "0.0");
  }

  @Test
  void evaluateReproducesTheValidationOfTraining() {
    assertThat(evaluation.exitCode()).as(evaluation.err()).isZero();
    assertThat(
            sql(
                "SELECT status, model, count(*) AS n FROM resnet.runs WHERE parent_run_id = '"
                    + trainingRun
                    + "' GROUP BY status, model"))
        .containsExactly("status,model,n", "evaluated,resnet8,1");
    String evaluationId =
        sql("SELECT run_id FROM resnet.runs WHERE parent_run_id = '" + trainingRun + "'").get(1);
    assertThat(evaluation.out()).contains("evaluation " + evaluationId + " of run " + trainingRun);
    // The same parameters on the same unaugmented split: the same predictions.
    assertThat(
            sql(
                "SELECT e.epoch, e.global_step = t.global_step AS same_step, e.top1 = t.top1 AS"
                    + " same_top1, e.top5 = t.top5 AS same_top5, abs(e.loss - t.loss) < 1e-4 AS"
                    + " same_loss FROM resnet.epoch_metrics e JOIN resnet.epoch_metrics t ON"
                    + " t.run_id = '"
                    + trainingRun
                    + "' AND t.epoch = e.epoch AND t.split = e.split WHERE e.run_id = '"
                    + evaluationId
                    + "'"))
        .containsExactly("epoch,same_step,same_top1,same_top5,same_loss", "1,true,true,true,true");
    String cells =
        "SELECT actual_class, predicted_class, count FROM resnet.confusion WHERE run_id = ";
    String training = cells + "'" + trainingRun + "'";
    String evaluated = cells + "'" + evaluationId + "'";
    assertThat(
            sql(
                "SELECT (SELECT count(*) FROM (("
                    + training
                    + ") EXCEPT ("
                    + evaluated
                    + "))) + (SELECT count(*) FROM (("
                    + evaluated
                    + ") EXCEPT ("
                    + training
                    + "))) AS differing_cells"))
        .containsExactly("differing_cells", "0");
    assertThat(
            sql(
                "SELECT count(*) AS classes, sum(support) AS support FROM resnet.class_metrics"
                    + " WHERE run_id = '"
                    + evaluationId
                    + "'"))
        .containsExactly("classes,support", "10,40");
  }

  @Test
  void evaluateNamesTheBadArgument() {
    String checkpoint = work.resolve("runs/" + trainingRun + "/checkpoints/epoch-0001").toString();
    Cli badSplit = cli("evaluate", "--checkpoint", checkpoint, "--split", "nope");
    assertThat(badSplit.exitCode()).isEqualTo(2);
    assertThat(badSplit.err()).contains("Invalid --split: nope (expected one of [");

    Cli badCheckpoint = cli("evaluate", "--checkpoint", work.resolve("nowhere").toString());
    assertThat(badCheckpoint.exitCode()).isEqualTo(2);
    assertThat(badCheckpoint.err())
        .contains("Invalid --checkpoint: " + work.resolve("nowhere"))
        .contains("model.zip and state.json");
  }

  @Test
  void aBadQueryGetsSparksMessageWithoutAStackTrace() {
    Cli unknownColumn = cli("sql", "SELECT nope FROM resnet.runs");
    assertThat(unknownColumn.exitCode()).isEqualTo(2);
    assertThat(unknownColumn.err())
        .contains("error: Invalid query: [UNRESOLVED_COLUMN")
        .contains("`nope`")
        .doesNotContain("\tat ")
        .doesNotContain("Project");
    assertThat(unknownColumn.out()).isEmpty();

    Cli syntax = cli("sql", "SELEC 1");
    assertThat(syntax.exitCode()).isEqualTo(2);
    assertThat(syntax.err()).contains("PARSE_SYNTAX_ERROR").doesNotContain("\tat ");
  }

  @Test
  void theReadmeQueriesRunOnTheTables() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher block = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).isTrue();
    List<String> queries =
        Arrays.stream(block.group(1).split(";\n"))
            .map(q -> q.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n")))
            .filter(q -> !q.isBlank())
            .toList();
    assertThat(queries).hasSize(6);
    for (String q : queries) {
      Cli result = cli("sql", "--format", "csv", q.strip().replaceAll(";$", ""));
      assertThat(result.exitCode()).as(q + "\n" + result.err()).isZero();
    }
    // The worst classes of the best (the only) run: five of its ten classes.
    Cli worst = cli("sql", "--format", "csv", queries.get(3));
    assertThat(worst.out().lines()).hasSize(6);
  }
}
