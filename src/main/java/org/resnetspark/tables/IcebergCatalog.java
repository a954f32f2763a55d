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
    if (!catalog.user().isEmpty()) {
      p.put(prefix + ".jdbc.user", catalog.user());
      p.put(prefix + ".jdbc.password", catalog.password());
    }
    p.put("spark.sql.defaultCatalog", catalog.name());
    return p;
  }

  /** SQLite creates its file but not the folder it lives in. */
  public static void prepareLocalFiles(CatalogSettings catalog) {
    String sqlite = "jdbc:sqlite:";
    if (catalog.uri().startsWith(sqlite)) {
      Path db = Path.of(catalog.uri().substring(sqlite.length())).toAbsolutePath();
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
