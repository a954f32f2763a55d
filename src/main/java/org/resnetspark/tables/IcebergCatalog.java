package org.resnetspark.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.resnetspark.config.CatalogSettings;

/**
 * The Spark properties that make an Iceberg JDBC catalog the session's default catalog, so that
 * {@code resnet.epoch_metrics} names a table in it. The same lines, given to spark-sql or
 * spark-submit as {@code --conf}, show the tables in any Spark session (see README).
 */
public final class IcebergCatalog {
  public static final String NAMESPACE = "resnet";
  private static final String SQLITE = "jdbc:sqlite:";
  private static final int BUSY_TIMEOUT_MS = 30_000;

  private IcebergCatalog() {}

  public static Map<String, String> sparkProperties(CatalogSettings catalog) {
    String prefix = "spark.sql.catalog." + catalog.name();
    Map<String, String> p = new LinkedHashMap<>();
    p.put(
        "spark.sql.extensions",
        "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    p.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    p.put(prefix + ".catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
    p.put(prefix + ".uri", catalog.uri());
    p.put(prefix + ".warehouse", catalog.warehouse());
    p.put(prefix + ".jdbc.schema-version", "V1");
    if (catalog.uri().startsWith(SQLITE)) {
      // Iceberg hands jdbc.* to the driver as connection properties. Several jobs on one machine
      // share the file: WAL lets readers go on beside a writer, and a writer waits for another
      // instead of failing at once with SQLITE_BUSY.
      p.put(prefix + ".jdbc.journal_mode", "WAL");
      p.put(prefix + ".jdbc.busy_timeout", String.valueOf(BUSY_TIMEOUT_MS));
    }
    if (!catalog.user().isEmpty()) {
      p.put(prefix + ".jdbc.user", catalog.user());
      p.put(prefix + ".jdbc.password", catalog.password());
    }
    p.put("spark.sql.defaultCatalog", catalog.name());
    return p;
  }

  /**
   * The properties a job's session uses: {@link #sparkProperties}, with Iceberg's JDBC catalog
   * replaced, for a SQLite file, by one that survives other processes writing the same file.
   */
  public static Map<String, String> jobProperties(CatalogSettings catalog) {
    Map<String, String> p = sparkProperties(catalog);
    if (catalog.uri().startsWith(SQLITE)) {
      p.put("spark.sql.catalog." + catalog.name() + ".catalog-impl", SqliteCatalog.class.getName());
    }
    return p;
  }

  /** SQLite creates its file but not the folder it lives in. */
  public static void prepareLocalFiles(CatalogSettings catalog) {
    if (catalog.uri().startsWith(SQLITE)) {
      Path db = Path.of(catalog.uri().substring(SQLITE.length())).toAbsolutePath();
      try {
        Files.createDirectories(db.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the catalog folder " + db.getParent(), e);
      }
    }
  }

  public static String table(String name) {
    return NAMESPACE + "." + name;
  }
}
