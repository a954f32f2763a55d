package org.resnetspark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Layout;
import org.resnetspark.testing.TestSpark;

class ClassFoldersPrepareTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Manifest manifest;
  static Path out;
  static final List<String> jobs = new java.util.ArrayList<>();

  @BeforeAll
  static void prepare() {
    spark = TestSpark.start(ClassFoldersPrepareTest.class);
    TestTrees.classFolders(dir.resolve("source"));
    out = dir.resolve("out");
    PrepareOptions options =
        PrepareOptions.defaults(dir.resolve("source").toUri().toString(), out.toUri().toString())
            .withShardSize(4)
            .withValFraction(1.0 / 3)
            // The tree holds 3 bad files among 21 on purpose.
            .withMaxRejectedFraction(0.2);
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            synchronized (jobs) {
              jobs.add(start.stageInfos().last().name());
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    manifest = PrepareJob.run(spark, options, message -> {});
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
    spark.sparkContext().removeSparkListener(listener);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void countsClassesAndSplitsExactly() {
    assertThat(manifest.layout()).isEqualTo(Layout.CLASS_FOLDERS);
    assertThat(manifest.classes())
        .extracting(Manifest.ClassEntry::id)
        .containsExactly("apple", "banana", "cherry");
    assertThat(manifest.split("train").examples()).isEqualTo(12);
    assertThat(manifest.split("train").perClass())
        .containsExactly(Map.entry("apple", 4L), Map.entry("banana", 4L), Map.entry("cherry", 4L));
    assertThat(manifest.split("val").perClass())
        .containsExactly(Map.entry("apple", 2L), Map.entry("banana", 2L), Map.entry("cherry", 2L));
    assertThat(manifest.preprocessing().valSource()).isEqualTo("holdout");
    assertThat(manifest.split("train").shards())
        .extracting(Manifest.ShardEntry::examples)
        .containsExactly(4, 4, 4);
    assertThat(manifest.split("val").shards())
        .extracting(Manifest.ShardEntry::examples)
        .containsExactly(4, 2);
    assertThat(List.of(manifest.height(), manifest.width(), manifest.channels()))
        .containsExactly(16, 20, 3);
  }

  @Test
  void runsOneSparkJobPerStepNotOnePerFigure() {
    // Listing with its class counts, the sort's sample of keys, the hold-out, one job for every
    // figure the driver needs (rejections, statistics, counts, shard positions), one write per
    // split. Each job costs a fixed share of a second or more whatever the number of images.
    synchronized (jobs) {
      assertThat(jobs).as(jobs.toString()).hasSize(6);
    }
  }

  @Test
  void shardsHoldTheSortedKeysInTheSeededShuffle() {
    List<Row> rows =
        spark
            .read()
            .parquet(out.resolve("train").toString())
            .select(
                functions.col("key"), functions.col("row"), functions.input_file_name().as("file"))
            .collectAsList();
    List<String> keys = rows.stream().map(r -> r.getString(0)).sorted().toList();
    int[] order = new int[keys.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Random random =
        new java.util.Random(Seeds.derive(PrepareOptions.DEFAULT_SEED, "shuffle/train"));
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    for (Row row : rows) {
      int position = order[keys.indexOf(row.getString(0))];
      assertThat(row.getString(2))
          .as(row.getString(0))
          .endsWith(ShardSchema.fileName(position / 4));
      assertThat(row.getInt(1)).as(row.getString(0)).isEqualTo(position % 4);
    }
  }

  @Test
  void rejectsBadFilesWithReasons() {
    assertThat(manifest.rejected()).hasSize(3);
    assertThat(manifest.rejected().get(0).path()).endsWith("train/apple/empty.png");
    assertThat(manifest.rejected().get(0).reason()).isEqualTo("empty file");
    assertThat(manifest.rejected().get(1).path()).endsWith("train/banana/notes.txt");
    assertThat(manifest.rejected().get(1).reason()).startsWith("not an image");
    assertThat(manifest.rejected().get(2).path()).endsWith("train/cherry/cut.jpg");
    assertThat(manifest.rejected().get(2).reason()).startsWith("truncated JPEG");
  }

  @Test
  void shardsAreQueryableWithLabelsOfTheirFolders() throws Exception {
    List<Row> rows =
        spark
            .read()
            .parquet(out.resolve("train").toString())
            .select("key", "label", "row")
            .collectAsList();
    assertThat(rows).hasSize(12);
    for (Row row : rows) {
      String folder =
          Path.of(row.getString(0).replace("file:", "")).getParent().getFileName().toString();
      assertThat(manifest.classes().get(row.getInt(1)).id()).isEqualTo(folder);
    }
    for (Manifest.ShardEntry shard : manifest.split("train").shards()) {
      assertThat(ShardWriter.sha256(out.resolve(shard.path()))).isEqualTo(shard.sha256());
    }
  }

  @Test
  void manifestIsWrittenAndReadBack() {
    Manifest read =
        Manifest.read(out.toUri().toString(), spark.sparkContext().hadoopConfiguration());
    assertThat(read.toJson()).isEqualTo(manifest.at(out.toUri().toString()).toJson());
    assertThat(Files.exists(out.resolve("_manifest.json.tmp"))).isFalse();
  }

  @Test
  void refusesAnExistingOutputUnlessOverwriting() {
    PrepareOptions again =
        PrepareOptions.defaults(dir.resolve("source").toString(), out.toString());
    assertThatThrownBy(() -> PrepareJob.run(spark, again, m -> {}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid --out: " + out + " already exists")
        .hasMessageContaining("--overwrite");
  }

  @Test
  void refusesMissingEmptyOrUnknownSources() {
    String newOut = dir.resolve("never").toString();
    assertThatThrownBy(
            () ->
                PrepareJob.run(
                    spark,
                    PrepareOptions.defaults(dir.resolve("missing").toString(), newOut),
                    m -> {}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not exist");
    TestTrees.write(dir, "unknown/readme.txt", "hello".getBytes());
    assertThatThrownBy(
            () ->
                PrepareJob.run(
                    spark,
                    PrepareOptions.defaults(dir.resolve("unknown").toString(), newOut),
                    m -> {}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("matches no known layout; found [readme.txt]")
        .hasMessageContaining("class-folders (<split>/<class>/<image>)");
  }

  @Test
  void refusesAnEmptyClassBeforeDecoding() throws Exception {
    Path source = dir.resolve("with-empty");
    TestTrees.write(source, "train/full/a.png", TestImages.rgb(8, 8, 1, "png"));
    Files.createDirectories(source.resolve("train/hollow"));
    assertThatThrownBy(
            () ->
                PrepareJob.run(
                    spark,
                    PrepareOptions.defaults(source.toString(), dir.resolve("never2").toString()),
                    m -> {}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("empty class folder")
        .hasMessageContaining("train/hollow");
    assertThat(Files.exists(dir.resolve("never2"))).isFalse();
  }
}
