package org.resnetspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which configuration keys hold secrets, and the configuration with their values replaced, as it
 * may be written (a run's {@code config.json}), recorded ({@code resnet.runs.config}), shown (the
 * report) or logged. A key is secret if it mentions a password, secret, token or credential, or
 * ends in {@code .key} (Hadoop's {@code fs.s3a.secret.key}, {@code fs.s3a.access.key}); keys ending
 * in {@code -env} or {@code -file} only say where a secret is, and are kept.
 */
public final class Secrets {
  /** What a secret's value becomes; a resumed run takes the value from its source again. */
  public static final String REDACTED = "(redacted)";

  private static final List<String> WORDS = List.of("password", "secret", "token", "credential");

  private Secrets() {}

  /** True for a key (a HOCON path, quotes allowed, or a dotted name) whose value is a secret. */
  public static boolean isSecretKey(String key) {
    String k = key.replace("\"", "").toLowerCase(Locale.ROOT);
    if (k.endsWith("-env") || k.endsWith("-file")) {
      return false;
    }
    return k.endsWith(".key") || WORDS.stream().anyMatch(k::contains);
  }

  /** True if the value is one that redaction replaces: set and not empty. */
  public static boolean isSet(Object value) {
    return value != null && !String.valueOf(value).isEmpty();
  }

  /** The configuration with every set secret replaced by {@link #REDACTED}. */
  public static Config redact(Config config) {
    Config out = config;
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      if (isSecretKey(e.getKey()) && isSet(e.getValue().unwrapped())) {
        out = out.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(REDACTED));
      }
    }
    return out;
  }

  /** The keys (HOCON paths) whose value was redacted. */
  public static Set<String> redactedKeys(Config config) {
    Set<String> keys = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      if (REDACTED.equals(e.getValue().unwrapped())) {
        keys.add(e.getKey());
      }
    }
    return keys;
  }
}
