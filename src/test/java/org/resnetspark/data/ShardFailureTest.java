package org.resnetspark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.Encoding;

/**
 * A shard row that rotted after prepare fails the load with the shard and row in the message; Spark
 * retries the task up to {@code spark.task.maxFailures} and then stops the job with that message.
 */
class ShardFailureTest {
  static final int ROWS = 8;
  static final int BAD_ROW = 5;

  @TempDir static Path dir;
  static SparkSession spark;

  final ShardLoader loader =
      new ShardLoader(
          new Augmenter(Augmentation.IMAGENET, 32, 32, true),
          3,
          2,
          new double[] {0.5, 0.5, 0.5},
          new double[] {0.25, 0.25, 0.25},
          1);

  @BeforeAll
  static void start() {
    // local[2,3]: two cores, and a task may fail three times before the job fails.
    spark =
        SparkSession.builder()
            .master("local[2,3]")
            .appName(ShardFailureTest.class.getSimpleName())
            .config("spark.ui.enabled", "false")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  enum Damage {
    NONE,
    /** A flipped byte: the checksum no longer matches. */
    FLIPPED_BYTE,
    /** Bytes that match their checksum but are no image (written that way). */
    UNDECODABLE
  }

  static String shard(String name, Damage damage) throws IOException {
    Path file = dir.resolve(name);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(new Configuration())
            .withType(ShardSchema.SCHEMA)
            .build()) {
      SimpleGroupFactory groups = new SimpleGroupFactory(ShardSchema.SCHEMA);
      for (int row = 0; row < ROWS; row++) {
        byte[] image = TestImages.rgb(48, 40, row, "jpeg");
        CRC32 crc = new CRC32();
        if (row == BAD_ROW && damage == Damage.UNDECODABLE) {
          new Random(row).nextBytes(image);
        }
        crc.update(image);
        if (row == BAD_ROW && damage == Damage.FLIPPED_BYTE) {
          image[image.length / 2] ^= 0x10;
        }
        writer.write(
            groups
                .newGroup()
                .append(ShardSchema.KEY, "train/c/" + row + ".jpg")
                .append(ShardSchema.LABEL, row % 2)
                .append(ShardSchema.ROW, row)
                .append(ShardSchema.ENCODING, Encoding.JPEG.name())
                .append(ShardSchema.HEIGHT, 40)
                .append(ShardSchema.WIDTH, 48)
                .append(ShardSchema.CHANNELS, 3)
                .append(ShardSchema.IMAGE, Binary.fromConstantByteArray(image))
                .append(ShardSchema.CRC32, crc.getValue()));
      }
    }
    return file.toUri().toString();
  }

  @Test
  void loadsAnIntactShard() throws Exception {
    assertThat(loader.load(new PathSource(shard("intact.parquet", Damage.NONE))).numExamples())
        .isEqualTo(ROWS);
  }

  @Test
  void aRowFailingItsChecksumNamesTheShardAndRow() throws Exception {
    String file = shard("flipped.parquet", Damage.FLIPPED_BYTE);
    assertThatThrownBy(() -> loader.load(new PathSource(file)))
        .isInstanceOf(IOException.class)
        .hasMessage("Checksum mismatch in " + file + " row " + BAD_ROW);
  }

  @Test
  void aRowThatNoLongerDecodesNamesTheShardAndRow() throws Exception {
    String file = shard("undecodable.parquet", Damage.UNDECODABLE);
    assertThatThrownBy(() -> loader.load(new PathSource(file)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "Cannot decode " + file + " row " + BAD_ROW + " (train/c/" + BAD_ROW + ".jpg): ");
  }

  @Test
  void sparkRetriesTheTaskThenStopsTheJobWithTheRow() throws Exception {
    String bad = shard("rotten.parquet", Damage.FLIPPED_BYTE);
    String good = shard("good.parquet", Damage.NONE);
    ShardLoader shards = loader;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    assertThatThrownBy(
            () ->
                jsc.parallelize(List.of(good, bad), 2)
                    .map(path -> shards.load(new PathSource(path)).numExamples())
                    .collect())
        .isInstanceOf(SparkException.class)
        .hasMessageContaining("failed 3 times")
        .hasMessageContaining("Checksum mismatch in " + bad + " row " + BAD_ROW);
  }
}
