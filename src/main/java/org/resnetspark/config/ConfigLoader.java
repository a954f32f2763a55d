package org.resnetspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves the configuration. Precedence, highest first: {@code --set key=value} overrides, then
 * the {@code --config} file, then the built-in defaults ({@code defaults.conf} beside this class).
 * This is the one place that order is decided.
 */
public final class ConfigLoader {
  private static final String DEFAULTS = "org/resnetspark/config/defaults.conf";
  private static final String FREE_FORM = "spark.conf";

  private ConfigLoader() {}

  /** The built-in defaults only. */
  public static Settings defaults() {
    return load(null, List.of());
  }

  public static Settings load(Path file, List<String> overrides) {
    return SettingsReader.read(resolve(file, overrides));
  }

  /** Settings together with the merged configuration as JSON. */
  public static ResolvedConfig loadWithJson(Path file, List<String> overrides) {
    Config config = resolve(file, overrides);
    return new ResolvedConfig(SettingsReader.read(config), toJson(config));
  }

  /** The merged HOCON tree, validated for unknown keys; see {@link #load}. */
  public static Config resolve(Path file, List<String> overrides) {
    Config defaults =
        ConfigFactory.parseResources(
            ConfigLoader.class.getClassLoader(),
            DEFAULTS,
            ConfigParseOptions.defaults().setAllowMissing(false));
    Config fromFile = ConfigFactory.empty();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(
            "Configuration file not found: %s (give an existing file to --config, e.g. conf/demo.conf)",
            file);
      }
      try {
        fromFile = ConfigFactory.parseFile(file.toFile());
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("Cannot parse %s: %s", file, e.getMessage());
      }
      rejectUnknownKeys(fromFile, defaults, file.toString());
    }
    Config fromOverrides = parseOverrides(overrides);
    rejectUnknownKeys(fromOverrides, defaults, "--set");
    try {
      return fromOverrides.withFallback(fromFile).withFallback(defaults).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Invalid configuration: %s", e.getMessage());
    }
  }

  /** The resolved configuration as JSON, as saved with every run: secrets redacted. */
  public static String toJson(Config config) {
    return Secrets.redact(config).root().render(ConfigRenderOptions.concise().setFormatted(true));
  }

  static Config parseOverrides(List<String> overrides) {
    Config result = ConfigFactory.empty();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(
            "Invalid --set value: '%s' (expected key=value, e.g. --set train.epochs=5)", override);
      }
      String key = override.substring(0, eq).trim();
      String value = override.substring(eq + 1).trim();
      result = one(key, value).withFallback(result);
    }
    return result;
  }

  /** Numbers, booleans, lists and objects keep their type; anything else is a string. */
  private static Config one(String key, String value) {
    try {
      Config parsed = ConfigFactory.parseString("v = " + value);
      ConfigValueType type = parsed.getValue("v").valueType();
      if (type != ConfigValueType.STRING && type != ConfigValueType.NULL) {
        return parsed.getValue("v").atPath(key);
      }
    } catch (com.typesafe.config.ConfigException e) {
      if (value.startsWith("[") || value.startsWith("{")) {
        throw new ConfigException("Invalid --set value for %s: %s", key, e.getMessage());
      }
    }
    return ConfigFactory.parseMap(Map.of(key, value));
  }

  private static void rejectUnknownKeys(Config given, Config defaults, String origin) {
    Set<String> known = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
      known.add(e.getKey());
    }
    for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(FREE_FORM + ".")) {
        continue;
      }
      if (!known.contains(key) && !isListKey(defaults, key)) {
        throw new ConfigException(
            "Unknown configuration key '%s' in %s (known keys: %s)",
            key, origin, String.join(", ", nearby(known, key)));
      }
    }
  }

  private static boolean isListKey(Config defaults, String key) {
    try {
      defaults.getList(key);
      return true;
    } catch (Missing | WrongType e) {
      return false;
    }
  }

  /** Known keys in the same section as the unknown one, or all of them. */
  private static List<String> nearby(Set<String> known, String key) {
    int dot = key.indexOf('.');
    String section = dot > 0 ? key.substring(0, dot + 1) : "";
    List<String> same = known.stream().filter(k -> k.startsWith(section)).toList();
    return same.isEmpty() ? List.copyOf(known) : same;
  }
}
