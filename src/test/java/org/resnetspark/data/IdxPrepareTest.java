package org.resnetspark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Encoding;
import org.resnetspark.config.Layout;
import org.resnetspark.testing.TestSpark;

/** IDX files and their class-folder conversion, on the real Fashion-MNIST files. */
class IdxPrepareTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static final Path FASHION = FashionMnist.defaultDir();

  @BeforeAll
  static void start() {
    spark = TestSpark.start(IdxPrepareTest.class);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void preparesIdxWithFashionNamesAndTrueLabels() throws Exception {
    Path out = dir.resolve("idx-out");
    Manifest manifest =
        PrepareJob.run(
            spark,
            PrepareOptions.defaults(FASHION.toString(), out.toString())
                .withLimitPerClass(15)
                .withShardSize(64),
            m -> {});
    assertThat(manifest.layout()).isEqualTo(Layout.IDX);
    assertThat(manifest.classes().get(0).name()).isEqualTo("T-shirt/top");
    assertThat(manifest.classes().get(9).name()).isEqualTo("Ankle boot");
    assertThat(manifest.split("train").examples()).isEqualTo(150);
    assertThat(manifest.split("val").examples()).isEqualTo(150);
    assertThat(manifest.split("train").perClass().values()).containsOnly(15L);
    assertThat(List.of(manifest.height(), manifest.width(), manifest.channels()))
        .containsExactly(28, 28, 1);
    assertThat(manifest.rejected()).isEmpty();

    byte[] labels;
    try (InputStream in = Files.newInputStream(FASHION.resolve("train-labels-idx1-ubyte.gz"));
        IdxFile file = IdxFile.open(in, "train-labels-idx1-ubyte.gz")) {
      labels = file.readAll();
    }
    for (Manifest.ShardEntry shard : manifest.split("train").shards()) {
      for (StoredExample row :
          ShardReader.read(out.resolve(shard.path()).toString(), 0, -1, new Configuration())) {
        int index = Integer.parseInt(row.key().substring(row.key().indexOf('#') + 1));
        assertThat(row.label()).isEqualTo(labels[index] & 0xff);
        assertThat(row.encoding()).isEqualTo(Encoding.RAW);
      }
    }
  }

  @Test
  void classFoldersFromFashionMnistPrepareToTheSameClasses() {
    Path tree = dir.resolve("tree");
    FashionMnist.writeClassFolders(FASHION, tree, 8, 3);
    Manifest manifest =
        PrepareJob.run(
            spark,
            PrepareOptions.defaults(tree.toString(), dir.resolve("tree-out").toString()),
            m -> {});
    assertThat(manifest.layout()).isEqualTo(Layout.CLASS_FOLDERS);
    assertThat(manifest.classes())
        .extracting(Manifest.ClassEntry::id)
        .startsWith("0-t-shirt-top", "1-trouser")
        .endsWith("9-ankle-boot");
    assertThat(manifest.split("train").perClass().values()).containsOnly(8L);
    assertThat(manifest.split("val").perClass().values()).containsOnly(3L);
    assertThat(manifest.channels()).isEqualTo(1);
  }

  @Test
  void missingFilesSayHowToGetThem() {
    assertThatThrownBy(
            () -> FashionMnist.writeClassFolders(dir.resolve("nothing"), dir.resolve("t"), 1, 1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("apt-get install dataset-fashion-mnist")
        .hasMessageContaining("RESNET_SPARK_FASHION_MNIST")
        .hasMessageContaining("train-images-idx3-ubyte.gz");
  }
}
