package org.resnetspark.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.Encoding;
import org.resnetspark.testing.TestSpark;

/**
 * Predict on IDX files: one item per image named by the file and index, labelled from the labels
 * file when there is one, and preprocessed into the floats evaluation reads from the shard prepare
 * wrote for the same image.
 */
class IdxScoringTest {
  static final int ROWS = 12;
  static final int COLS = 10;
  static final byte[] TRAIN_LABELS = {0, 1, 2, 0, 1, 2, 0, 1};
  static final byte[] TEST_LABELS = {2, 1, 0, 2};

  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start(IdxScoringTest.class);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void scoresEachImageAsEvaluationReadsItsShardRow() throws Exception {
    Path source = Files.createDirectories(dir.resolve("idx"));
    Random random = new Random(7);
    Map<String, byte[]> pixels = new HashMap<>();
    pixels.putAll(writeImages(source, "train-images-idx3-ubyte.gz", TRAIN_LABELS.length, random));
    pixels.putAll(writeImages(source, "t10k-images-idx3-ubyte.gz", TEST_LABELS.length, random));
    writeLabels(source.resolve("train-labels-idx1-ubyte.gz"), TRAIN_LABELS);
    writeLabels(source.resolve("t10k-labels-idx1-ubyte.gz"), TEST_LABELS);
    Manifest manifest =
        PrepareJob.run(
            spark,
            PrepareOptions.defaults(source.toString(), dir.resolve("shards").toString())
                .withResizeShorterSide(16)
                .withShardSize(4),
            m -> {});
    Map<String, float[]> fromShards = new HashMap<>();
    fromShards.putAll(shardFloats(manifest, "train"));
    fromShards.putAll(shardFloats(manifest, "val"));
    assertThat(fromShards).hasSize(12);

    List<SourceItem> items = list(source.toString(), manifest);
    Map<String, Integer> labels = new HashMap<>();
    for (int i = 0; i < TRAIN_LABELS.length; i++) {
      labels.put(uri(source, "train-images-idx3-ubyte.gz") + "#" + i, (int) TRAIN_LABELS[i]);
    }
    for (int i = 0; i < TEST_LABELS.length; i++) {
      labels.put(uri(source, "t10k-images-idx3-ubyte.gz") + "#" + i, (int) TEST_LABELS[i]);
    }
    assertThat(items)
        .extracting(SourceItem::key)
        .containsExactlyInAnyOrderElementsOf(labels.keySet());
    assertThat(fromShards.keySet()).isEqualTo(labels.keySet());

    Scoring scoring = Scoring.of(manifest);
    try (ScoringDecoder decoder = new ScoringDecoder(scoring)) {
      for (SourceItem item : items) {
        float[] floats = new float[decoder.imageSize()];
        ScoringDecoder.Decoded decoded = decoder.decode(item, floats, 0);
        assertThat(decoded.ok()).as(item.key()).isTrue();
        assertThat(item.label()).as(item.key()).isEqualTo(labels.get(item.key()));
        assertThat(decoded.sha256()).as(item.key()).isEqualTo(sha256(pixels.get(item.key())));
        assertThat(floats).as(item.key()).containsExactly(fromShards.get(item.key()));
      }
    }
  }

  @Test
  void imagesWithoutALabelsFileAreUnlabelled() throws Exception {
    Path source = Files.createDirectories(dir.resolve("unlabelled"));
    Map<String, byte[]> pixels = writeImages(source, "new-images-idx3-ubyte", 3, new Random(11));
    List<Manifest.ClassEntry> classes =
        List.of(new Manifest.ClassEntry(0, "0", "zero"), new Manifest.ClassEntry(1, "1", "one"));
    Scoring scoring =
        new Scoring(
            ROWS, COLS, 1, new double[] {0.5}, new double[] {0.25}, 0, Encoding.RAW, 90, classes);
    List<SourceItem> items =
        ScoringSource.list(
                JavaSparkContext.fromSparkContext(spark.sparkContext()), source.toString(), classes)
            .collect();
    assertThat(items)
        .extracting(SourceItem::key)
        .containsExactlyInAnyOrderElementsOf(pixels.keySet());
    assertThat(items).extracting(SourceItem::label).containsOnly(ScoringSource.NO_LABEL);
    try (ScoringDecoder decoder = new ScoringDecoder(scoring)) {
      for (SourceItem item : items) {
        float[] floats = new float[decoder.imageSize()];
        ScoringDecoder.Decoded decoded = decoder.decode(item, floats, 0);
        assertThat(decoded.sha256()).isEqualTo(sha256(pixels.get(item.key())));
        // No resize and the model's own size: each float is the pixel, scaled and normalised.
        byte[] raw = pixels.get(item.key());
        for (int i = 0; i < raw.length; i++) {
          assertThat(floats[i])
              .isCloseTo((float) (((raw[i] & 0xff) / 255.0 - 0.5) / 0.25), Offset.offset(1e-5f));
        }
      }
    }
  }

  private static List<SourceItem> list(String source, Manifest manifest) throws IOException {
    return ScoringSource.list(
            JavaSparkContext.fromSparkContext(spark.sparkContext()), source, manifest.classes())
        .collect();
  }

  /** Evaluation's floats for every example of a split, by key: one shard path per example. */
  private static Map<String, float[]> shardFloats(Manifest manifest, String split)
      throws IOException {
    ShardInput input = ShardInput.of(manifest, split, Augmentation.NONE, 0, 1);
    Map<String, float[]> floats = new HashMap<>();
    for (String path : input.paths()) {
      ShardPath range = ShardPath.parse(path);
      String key =
          ShardReader.read(range.file(), range.from(), range.to(), new Configuration())
              .get(0)
              .key();
      floats.put(
          key, input.loader().load(new PathSource(path)).getFeatures().ravel().toFloatVector());
    }
    return floats;
  }

  private static String uri(Path folder, String name) {
    return "file:" + folder.resolve(name);
  }

  /** Writes {@code count} random images in IDX format; returns their pixels by item key. */
  private static Map<String, byte[]> writeImages(Path folder, String name, int count, Random random)
      throws IOException {
    Map<String, byte[]> images = new HashMap<>();
    List<byte[]> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] image = new byte[ROWS * COLS];
      random.nextBytes(image);
      list.add(image);
      images.put(uri(folder, name) + "#" + i, image);
    }
    try (DataOutputStream out = open(folder.resolve(name))) {
      out.writeInt(0x00000803);
      out.writeInt(count);
      out.writeInt(ROWS);
      out.writeInt(COLS);
      for (byte[] image : list) {
        out.write(image);
      }
    }
    return images;
  }

  private static void writeLabels(Path file, byte[] labels) throws IOException {
    try (DataOutputStream out = open(file)) {
      out.writeInt(0x00000801);
      out.writeInt(labels.length);
      out.write(labels);
    }
  }

  private static DataOutputStream open(Path file) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    return new DataOutputStream(file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
