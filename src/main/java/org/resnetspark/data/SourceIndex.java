package org.resnetspark.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Layout;

/**
 * The files of a source by key (path) and SHA-256, and what changed against the files already
 * prepared. Listing and hashing run on the executors; no image is decoded.
 */
public final class SourceIndex {
  static final StructType SCHEMA =
      new StructType().add("key", DataTypes.StringType).add("sha256", DataTypes.StringType);

  private SourceIndex() {}

  /** Files new since the known ones, and known paths whose content changed. */
  public record Changes(Dataset<Row> added, List<String> addedKeys, List<String> changedKeys) {
    public boolean isEmpty() {
      return addedKeys.isEmpty();
    }
  }

  /**
   * Every file of {@code source}: columns {@code key}, {@code sha256}. With a {@code base} (the
   * pipeline's first prepared data), a source whose classes differ from base's is refused first.
   */
  public static Dataset<Row> scan(SparkSession spark, String source, Layout layout, Manifest base) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    SourcePlan plan;
    try {
      plan = SourcePlanner.plan(source, layout, conf);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + source, e);
    }
    if (plan.layout() == Layout.IDX) {
      throw new ConfigException(
          "retrain needs a source of image files (class folders or the ImageNet layout); %s holds"
              + " IDX files, which cannot grow file by file",
          source);
    }
    if (base != null) {
      Additions.checkClasses(plan.classes(), base, source);
    }
    HadoopConf shipped = new HadoopConf(conf);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> rows =
        jsc.parallelize(plan.tasks(), Math.max(1, Math.min(plan.tasks().size(), 1000)))
            .flatMap(task -> task.list(shipped.get()).iterator())
            .map(item -> RowFactory.create(item.key(), sha256(item.path(), shipped.get())))
            // Persisted as an RDD, not with Dataset.cache(): with Dataset.cache() here, every
            // later Iceberg commit of the session to a SQLite catalog failed with SQLITE_BUSY.
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * Compares a scan with the index files of earlier generations (Parquet, as {@link #write} leaves
   * them). A key never seen is added; a key seen with another checksum is changed.
   */
  public static Changes compare(SparkSession spark, Dataset<Row> scanned, List<String> known) {
    Dataset<Row> current = scanned;
    if (known.isEmpty()) {
      return new Changes(current, keys(current), List.of());
    }
    Dataset<Row> before = spark.read().schema(SCHEMA).parquet(known.toArray(String[]::new));
    Dataset<Row> added =
        current.join(before, current.col("key").equalTo(before.col("key")), "left_anti");
    Dataset<Row> changed =
        current
            .join(before, current.col("key").equalTo(before.col("key")))
            .where(current.col("sha256").notEqual(before.col("sha256")))
            .select(current.col("key"));
    return new Changes(added, keys(added), keys(changed));
  }

  /** Writes the index rows of a generation (key, sha256) as Parquet. */
  public static void write(Dataset<Row> rows, String location) {
    rows.coalesce(1).write().mode("overwrite").parquet(location);
  }

  private static List<String> keys(Dataset<Row> rows) {
    List<String> keys = new ArrayList<>();
    for (Row r : rows.select("key").collectAsList()) {
      keys.add(r.getString(0));
    }
    keys.sort(null);
    return keys;
  }

  private static String sha256(String path, Configuration conf) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path file = new Path(path);
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
