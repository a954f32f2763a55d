package org.resnetspark.cli;

import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.JvmFlags;
import org.resnetspark.config.Settings;
import org.resnetspark.tables.IcebergCatalog;

/**
 * Builds the job's Spark session. Under spark-submit the master and resources come from there;
 * otherwise from {@code --master} or {@code spark.master} (an embedded {@code local[*]} by
 * default).
 */
final class SparkSessions {
  private static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions";

  private SparkSessions() {}

  static SparkSession create(Settings settings, String masterOverride) {
    SparkSession.Builder b = SparkSession.builder().appName(settings.spark().appName());
    boolean submitted = System.getProperty("spark.master") != null;
    if (masterOverride != null) {
      b.master(masterOverride);
    } else if (!submitted) {
      b.master(settings.spark().master());
    }
    if (System.getProperty(EXECUTOR_OPTIONS) == null) {
      b.config(EXECUTOR_OPTIONS, JvmFlags.all());
    }
    b.config("spark.ui.showConsoleProgress", "false");
    IcebergCatalog.prepareLocalFiles(settings.storage().catalog());
    IcebergCatalog.sparkProperties(settings.storage().catalog()).forEach(b::config);
    settings.spark().conf().forEach(b::config);
    return b.getOrCreate();
  }
}
