package org.resnetspark.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The JVM flags Spark and ND4J need on Java 17, from {@code conf/jvm.properties} (packaged beside
 * this class). The build, the launcher and deploy/ read the same file; the driver hands the flags
 * to executor JVMs it starts itself.
 */
public final class JvmFlags {
  private JvmFlags() {}

  /** The {@code --add-opens} set and the ND4J off-heap bounds, as one option string. */
  public static String all() {
    Properties p = load();
    return (p.getProperty("jvm.opens", "") + " " + p.getProperty("jvm.offheap", "")).trim();
  }

  private static Properties load() {
    try (InputStream in = JvmFlags.class.getResourceAsStream("jvm.properties")) {
      if (in == null) {
        throw new IllegalStateException("jvm.properties is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
