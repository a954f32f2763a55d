package org.resnetspark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.ConfigException;
import org.resnetspark.testing.TestSpark;

/**
 * prepare on a file system whose reads fail now and then ({@link FlakyFileSystem}): a failed read
 * is retried and never makes a rejection; files that read but do not decode are rejected, and too
 * many of them fail the job before it writes a manifest.
 */
class BoundedRejectsTest {
  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start(BoundedRejectsTest.class);
    spark
        .sparkContext()
        .hadoopConfiguration()
        .set("fs.flaky.impl", FlakyFileSystem.class.getName());
    spark.sparkContext().hadoopConfiguration().setBoolean("fs.flaky.impl.disable.cache", true);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Three classes of four good PNG images; the names of the first two in each class say flaky. */
  private static Path tree(String name) {
    Path root = dir.resolve(name);
    for (String c : new String[] {"apple", "banana", "cherry"}) {
      for (int i = 0; i < 4; i++) {
        String file = (i < 2 ? "flaky-" : "") + c + i + ".png";
        TestTrees.write(root, "train/" + c + "/" + file, TestImages.rgb(20, 16, i, "png"));
      }
    }
    return root;
  }

  private static Manifest prepare(Path source, Path out, double maxRejected) {
    PrepareOptions options =
        PrepareOptions.defaults(FlakyFileSystem.SCHEME + "://" + source, out.toString())
            .withShardSize(4)
            .withValFraction(0.25)
            .withMaxRejectedFraction(maxRejected);
    return PrepareJob.run(spark, options, message -> {});
  }

  @Test
  void readsThatFailOnceAreRetriedAndRejectNothing() {
    Path source = tree("transient");
    Manifest manifest = prepare(source, dir.resolve("transient-out"), 0.0);
    assertThat(manifest.rejected()).isEmpty();
    assertThat(manifest.split("train").examples() + manifest.split("val").examples()).isEqualTo(12);
    assertThat(FlakyFileSystem.FAILED_ONCE)
        .filteredOn(p -> p.startsWith(source.toString()))
        .hasSize(6);
  }

  @Test
  void aFileThatNeverReadsFailsTheJobInsteadOfBeingRejected() {
    Path source = tree("broken");
    TestTrees.write(source, "train/apple/broken.png", TestImages.rgb(20, 16, 9, "png"));
    Path out = dir.resolve("broken-out");
    assertThatThrownBy(() -> prepare(source, out, 1.0))
        .hasStackTraceContaining("Cannot read")
        .hasStackTraceContaining("broken.png (4 attempts)");
    assertThat(out.resolve("manifest.json")).doesNotExist();
  }

  @Test
  void tooManyRejectedImagesFailNamingThemAndWriteNoManifest() {
    Path source = tree("bad");
    TestTrees.write(source, "train/apple/empty.png", new byte[0]);
    TestTrees.write(source, "train/banana/notes.txt", "not an image".getBytes());
    Path out = dir.resolve("bad-out");
    assertThatThrownBy(() -> prepare(source, out, 0.1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "Too many rejected images: 2 of 14 (14.29%), more than data.max-rejected-fraction"
                + " (10.00%). First 2: ")
        .hasMessageContaining("train/apple/empty.png (empty file)")
        .hasMessageContaining("train/banana/notes.txt (not an image")
        .hasMessageContaining("no manifest was written");
    assertThat(out.resolve("manifest.json")).doesNotExist();
  }

  @Test
  void rejectionsWithinTheLimitAreListedInTheManifest() throws Exception {
    Path source = tree("few");
    TestTrees.write(source, "train/cherry/empty.png", new byte[0]);
    Manifest manifest = prepare(source, dir.resolve("few-out"), 0.1);
    assertThat(manifest.rejected())
        .singleElement()
        .extracting(Manifest.Rejection::reason)
        .isEqualTo("empty file");
    assertThat(Files.exists(dir.resolve("few-out").resolve("manifest.json"))).isTrue();
  }
}
