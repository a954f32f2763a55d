package org.resnetspark.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.Layout;
import org.resnetspark.testing.TestSpark;

/**
 * End to end on a real HDFS: an ILSVRC-2012 style tree with its quirks (a PNG named .JPEG, a CMYK
 * JPEG, a grey JPEG, odd sizes) and bad files, with val flat plus CSV or as class folders.
 */
class ImageNetHdfsTest {
  static final String[] WNIDS = {"n01440764", "n01443537", "n01484850"};
  @TempDir static Path dir;
  static MiniDFSCluster cluster;
  static FileSystem fs;
  static String hdfs;
  static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
    hdfs = fs.getUri().toString();
    spark = TestSpark.start(ImageNetHdfsTest.class);
    writeTrain("/flat");
    writeTrain("/folders");
    StringBuilder csv = new StringBuilder("ImageId,PredictionString\n");
    for (int i = 1; i <= 6; i++) {
      String id = String.format("ILSVRC2012_val_%08d", i);
      String wnid = WNIDS[i % 3];
      csv.append(id)
          .append(',')
          .append(wnid)
          .append(" 10 20 30 40 ")
          .append(wnid)
          .append(" 1 2 3 4\n");
      put("/flat/val/" + id + ".JPEG", TestImages.rgb(36, 30, 200 + i, "jpeg"));
      put("/folders/val/" + wnid + "/" + id + ".JPEG", TestImages.rgb(36, 30, 200 + i, "jpeg"));
    }
    put("/flat/val/ILSVRC2012_val_00000099.JPEG", TestImages.rgb(36, 30, 299, "jpeg"));
    put("/flat/LOC_val_solution.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Per class: 3 plain JPEGs of different shapes, 1 quirk, 1 bad file. */
  static void writeTrain(String root) throws IOException {
    put(
        root + "/LOC_synset_mapping.txt",
        ("n01440764 tench, Tinca tinca\nn01443537 goldfish, Carassius auratus\n"
                + "n01484850 great white shark, white shark\n")
            .getBytes(StandardCharsets.UTF_8));
    int[][] shapes = {{40, 30}, {24, 50}, {64, 64}};
    for (int c = 0; c < 3; c++) {
      String folder = root + "/train/" + WNIDS[c] + "/" + WNIDS[c] + "_";
      for (int i = 0; i < 3; i++) {
        put(folder + i + ".JPEG", TestImages.rgb(shapes[i][0], shapes[i][1], c * 10 + i, "jpeg"));
      }
    }
    put(root + "/train/n01440764/n01440764_png.JPEG", TestImages.rgb(33, 41, 7, "png"));
    put(root + "/train/n01443537/n01443537_cmyk.JPEG", TestImages.cmykJpeg(48, 36));
    put(root + "/train/n01484850/n01484850_grey.JPEG", TestImages.grey(30, 45, 8, "jpeg"));
    put(root + "/train/n01440764/n01440764_cut.JPEG", TestImages.truncatedJpeg(64, 48, 9));
    put(root + "/train/n01443537/n01443537_empty.JPEG", new byte[0]);
    put(root + "/train/n01484850/n01484850_text.JPEG", "<html>not found</html>".getBytes());
  }

  static void put(String path, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(path))) {
      out.write(bytes);
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
    cluster.shutdown();
  }

  static Manifest prepare(String root) {
    PrepareOptions options =
        PrepareOptions.defaults(hdfs + root, hdfs + root + "-out")
            .withResizeShorterSide(32)
            .withShardSize(4);
    return PrepareJob.run(spark, options, m -> {});
  }

  @Test
  void flatValWithSolutionCsv() throws Exception {
    Manifest manifest = prepare("/flat");
    assertThat(manifest.layout()).isEqualTo(Layout.IMAGENET);
    assertThat(manifest.classes())
        .extracting(Manifest.ClassEntry::name)
        .containsExactly(
            "tench, Tinca tinca", "goldfish, Carassius auratus", "great white shark, white shark");
    assertTrain(manifest);
    assertThat(manifest.preprocessing().valSource()).isEqualTo("LOC_val_solution.csv");
    assertThat(manifest.split("val").perClass().values()).containsOnly(2L);
    assertThat(manifest.rejected())
        .extracting(
            r ->
                r.path().substring(r.path().lastIndexOf('/') + 1) + ": " + r.reason().split(":")[0])
        .containsExactly(
            "n01440764_cut.JPEG: truncated JPEG (no end-of-image marker)",
            "n01443537_empty.JPEG: empty file",
            "n01484850_text.JPEG: not an image",
            "ILSVRC2012_val_00000099.JPEG: no label");
    Map<String, Integer> expected = new HashMap<>();
    for (int i = 1; i <= 6; i++) {
      expected.put(String.format("ILSVRC2012_val_%08d.JPEG", i), i % 3);
    }
    assertLabels(manifest, "val", expected);
  }

  @Test
  void valAsClassFolders() throws Exception {
    Manifest manifest = prepare("/folders");
    assertTrain(manifest);
    assertThat(manifest.preprocessing().valSource()).isEqualTo("folders");
    assertThat(manifest.split("val").perClass().values()).containsOnly(2L);
    assertThat(manifest.rejected()).hasSize(3);
    Map<String, Integer> expected = new HashMap<>();
    for (int i = 1; i <= 6; i++) {
      expected.put(String.format("ILSVRC2012_val_%08d.JPEG", i), i % 3);
    }
    assertLabels(manifest, "val", expected);
  }

  private static void assertTrain(Manifest manifest) throws IOException {
    assertThat(manifest.split("train").perClass())
        .containsExactly(
            Map.entry("n01440764", 4L), Map.entry("n01443537", 4L), Map.entry("n01484850", 4L));
    assertThat(List.of(manifest.height(), manifest.width(), manifest.channels()))
        .containsExactly(28, 28, 3);
    Map<String, Integer> expected = new HashMap<>();
    for (int c = 0; c < 3; c++) {
      for (String suffix : new String[] {"0", "1", "2", "png", "cmyk", "grey"}) {
        expected.put(WNIDS[c] + "_" + suffix + ".JPEG", c);
      }
    }
    assertLabels(manifest, "train", expected);
    ShardInput input = ShardInput.of(manifest, "train", Augmentation.IMAGENET, 1);
    DataSet data = input.loader().load(new PathSource(input.paths().get(0)));
    assertThat(data.getFeatures().shape()).containsExactly(4, 3, 28, 28);
  }

  /** Every shard row's label is the one its file should have. */
  private static void assertLabels(Manifest manifest, String split, Map<String, Integer> byName) {
    List<Row> rows =
        spark
            .read()
            .parquet(manifest.location() + "/" + split)
            .select("key", "label")
            .collectAsList();
    assertThat(rows).hasSize((int) manifest.split(split).examples());
    for (Row row : rows) {
      String name = row.getString(0).substring(row.getString(0).lastIndexOf('/') + 1);
      assertThat(byName).containsEntry(name, row.getInt(1));
    }
  }
}
