package org.resnetspark.testing;

import org.apache.spark.sql.SparkSession;

/** One small local Spark session per test class, named after the class. */
public final class TestSpark {
  private TestSpark() {}

  public static SparkSession start(Class<?> testClass) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(testClass.getSimpleName())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .getOrCreate();
  }
}
