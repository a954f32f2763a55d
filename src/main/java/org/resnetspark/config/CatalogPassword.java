package org.resnetspark.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The catalog's password, from one of three keys: {@code storage.catalog.password} itself (for
 * example {@code password = ${?RESNET_CATALOG_PASSWORD}} in a configuration file), {@code
 * password-env} (the name of an environment variable) or {@code password-file} (a local file
 * holding it, such as a mounted Kubernetes secret). The last two are kept when a run's
 * configuration is saved; the password itself never is.
 */
final class CatalogPassword {
  static final String VALUE = "storage.catalog.password";
  static final String ENV = "storage.catalog.password-env";
  static final String FILE = "storage.catalog.password-file";

  private CatalogPassword() {}

  /** The password, with {@code string} reading a key's string value or refusing it by name. */
  static String read(Function<String, String> string) {
    String value = string.apply(VALUE);
    String env = string.apply(ENV);
    String file = string.apply(FILE);
    List<String> given = new ArrayList<>();
    for (String[] kv : new String[][] {{VALUE, value}, {ENV, env}, {FILE, file}}) {
      if (!kv[1].isEmpty()) {
        given.add(kv[0]);
      }
    }
    if (given.size() > 1) {
      throw new ConfigException(
          "The catalog password is given twice (%s): set only one of %s, %s and %s",
          String.join(", ", given), VALUE, ENV, FILE);
    }
    if (!env.isEmpty()) {
      String fromEnv = System.getenv(env);
      if (fromEnv == null || fromEnv.isEmpty()) {
        throw new ConfigException(
            "Invalid %s: '%s' (expected the name of an environment variable that is set; export"
                + " %s=... before running)",
            ENV, env, env);
      }
      return fromEnv;
    }
    if (!file.isEmpty()) {
      try {
        return Files.readString(Path.of(file)).strip();
      } catch (IOException e) {
        throw new ConfigException(
            "Invalid %s: '%s' (expected a readable file holding the password: %s)",
            FILE, file, e.getMessage());
      }
    }
    return value;
  }
}
