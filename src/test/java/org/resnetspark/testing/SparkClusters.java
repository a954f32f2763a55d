package org.resnetspark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.JvmFlags;

/**
 * Spark sessions for tests. {@link #standalone} starts a real standalone cluster inside the test: a
 * master and {@code workers} workers, each launching its executor in a separate JVM, with the
 * project's classes and dependencies on the executors' classpath.
 */
public final class SparkClusters {
  private SparkClusters() {}

  public static SparkSession local(Class<?> owner, int threads) {
    return SparkSession.builder()
        .appName(owner.getSimpleName())
        .master("local[" + threads + "]")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  /** {@code local-cluster[workers,1,memoryMb]}: separate executor JVMs, one core each. */
  public static SparkSession.Builder standalone(Class<?> owner, int workers, int memoryMb) {
    Path sparkHome = emptySparkHome();
    // The worker and the executor launcher read these as JVM system properties, not Spark conf.
    System.setProperty("spark.testing", "true");
    System.setProperty("spark.test.home", sparkHome.toString());
    return SparkSession.builder()
        .appName(owner.getSimpleName())
        .master("local-cluster[" + workers + ",1," + memoryMb + "]")
        .config("spark.testing", "true")
        .config("spark.test.home", sparkHome.toString())
        .config("spark.ui.enabled", "false")
        .config("spark.executor.memory", (memoryMb - 512) + "m")
        .config("spark.executor.extraClassPath", projectClasspath())
        .config("spark.executor.extraJavaOptions", JvmFlags.all())
        // Wait for every executor before the first job, so work is spread over all of them.
        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
        .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
  }

  /** target/classes plus the dependency list the build writes (absolute paths). */
  public static String projectClasspath() {
    Path classes = Path.of("target/classes").toAbsolutePath();
    Path list = Path.of("target/classpath.txt").toAbsolutePath();
    try {
      String deps = Files.readString(list).trim();
      return classes + java.io.File.pathSeparator + deps;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Missing "
              + list
              + ": it is written by 'mvn package', which runs before integration tests",
          e);
    }
  }

  private static Path emptySparkHome() {
    try {
      Path home = Files.createTempDirectory("spark-home");
      // The executor launcher insists on a jars folder; ours is empty, the classpath is explicit.
      Files.createDirectories(home.resolve("assembly/target/scala-2.12/jars"));
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
