package org.resnetspark.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.JvmFlags;
import org.resnetspark.config.Settings;
import org.resnetspark.tables.IcebergCatalog;
import org.resnetspark.train.gpu.Backend;
import org.resnetspark.train.gpu.GpuChecks;
import org.resnetspark.train.gpu.GpuConf;

/**
 * Builds the job's Spark session. Under spark-submit the master and resources come from there;
 * otherwise from {@code --master} or {@code spark.master} (an embedded {@code local[*]} by
 * default). GPU executors get their plugin and device order, and the settings are checked against
 * this build's ND4J backend before Spark starts.
 */
public final class SparkSessions {
  private static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions";

  private SparkSessions() {}

  public static SparkSession create(Settings settings, String masterOverride) {
    // Starts from the spark.* system properties that spark-submit sets.
    SparkConf conf = new SparkConf().setAppName(settings.spark().appName());
    boolean submitted = System.getProperty("spark.master") != null;
    if (masterOverride != null) {
      conf.setMaster(masterOverride);
    } else if (!submitted) {
      conf.setMaster(settings.spark().master());
    }
    if (System.getProperty(EXECUTOR_OPTIONS) == null) {
      conf.set(EXECUTOR_OPTIONS, JvmFlags.all());
    }
    conf.set("spark.ui.showConsoleProgress", "false");
    // A listener slower than a second logs its whole event, and a job's start event carries the
    // session's configuration unredacted: the catalog's password and the storage keys among it.
    conf.set("spark.scheduler.listenerbus.logSlowEvent", "false");
    IcebergCatalog.prepareLocalFiles(settings.storage().catalog());
    IcebergCatalog.jobProperties(settings.storage().catalog()).forEach(conf::set);
    settings.spark().conf().forEach(conf::set);
    GpuConf.apply(conf);
    GpuChecks.check(conf, Backend.onClasspath(), settings.model().engine());
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
