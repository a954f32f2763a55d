package org.resnetspark.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.CatalogSettings;

/** The tables' data and metadata on a real HDFS (MiniDFSCluster); the catalog in SQLite. */
class HdfsWarehouseIT {
  @TempDir static Path dir;
  static MiniDFSCluster cluster;
  static FileSystem fs;
  static String warehouse;
  static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
    warehouse = fs.getUri() + "/warehouse";
    CatalogSettings catalog =
        new CatalogSettings("lake", "jdbc:sqlite:" + dir.resolve("catalog.db"), "", "", warehouse);
    SparkSession.Builder b =
        SparkSession.builder().appName(HdfsWarehouseIT.class.getSimpleName()).master("local[2]");
    IcebergCatalog.sparkProperties(catalog).forEach(b::config);
    spark = b.config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  void rowsWrittenToAnHdfsWarehouseReadBack() throws Exception {
    ResultTables tables = new ResultTables(spark);
    tables.replaceSlice(
        TableSchema.CONFUSION,
        Map.of("run_id", "hdfs-run", "epoch", 1, "split", "val"),
        List.of(
            new ConfusionRow("hdfs-run", 1, "val", 0, 0, 7L),
            new ConfusionRow("hdfs-run", 1, "val", 0, 1, 2L)));

    List<Row> rows =
        spark
            .sql(
                "SELECT actual_class, predicted_class, count FROM resnet.confusion"
                    + " ORDER BY predicted_class")
            .collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[0,0,7]", "[0,1,2]");
    assertThat(
            spark.sql("SELECT file_path FROM resnet.confusion.files").collectAsList().stream()
                .map(r -> r.getString(0)))
        .isNotEmpty()
        .allMatch(p -> p.startsWith(warehouse + "/resnet/confusion/data/"));
    assertThat(files("/warehouse/resnet/confusion/metadata"))
        .anyMatch(name -> name.endsWith(".metadata.json"));
    assertThat(files("/warehouse/resnet/confusion/data")).anyMatch(n -> n.endsWith(".parquet"));
  }

  private static List<String> files(String folder) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    RemoteIterator<LocatedFileStatus> it =
        fs.listFiles(new org.apache.hadoop.fs.Path(folder), true);
    while (it.hasNext()) {
      FileStatus s = it.next();
      names.add(s.getPath().getName());
    }
    return names;
  }
}
