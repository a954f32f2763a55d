package org.resnetspark.job;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.config.Secrets;

/**
 * The configuration of a resumed run: the run's saved {@code config.json} (or {@code --config}),
 * with {@code --set} on top. A result that differs from what the run was started with is refused
 * unless allowed, and an allowed change is recorded in the run directory.
 */
public final class RunConfig {
  private RunConfig() {}

  /** The saved configuration with the overrides; refused if they change it. */
  public static ResolvedConfig forResume(
      String runDir, java.nio.file.Path configFile, List<String> overrides) throws IOException {
    return resolve(runDir, configFile, overrides, false);
  }

  /** The saved configuration with the overrides; a change is recorded in the run directory. */
  public static ResolvedConfig forResumeAllowingChange(
      String runDir, java.nio.file.Path configFile, List<String> overrides) throws IOException {
    return resolve(runDir, configFile, overrides, true);
  }

  private static ResolvedConfig resolve(
      String runDir, java.nio.file.Path configFile, List<String> overrides, boolean allowChange)
      throws IOException {
    Path saved = new Path(runDir, "config.json");
    FileSystem fs = saved.getFileSystem(new Configuration());
    if (!fs.exists(saved)) {
      throw new ConfigException(
          "Cannot resume %s: %s is missing (expected a run directory written by train)",
          runDir, saved);
    }
    String previous;
    try (InputStream in = fs.open(saved)) {
      previous = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> secrets = Secrets.redactedKeys(ConfigFactory.parseString(previous));
    java.nio.file.Path file = configFile;
    if (file == null) {
      file = Files.createTempFile("resnet-spark-run", ".conf");
      file.toFile().deleteOnExit();
      Files.writeString(file, withoutSecrets(previous, secrets));
    }
    ResolvedConfig resolved = ConfigLoader.loadWithJson(file, overrides);
    requireSecrets(runDir, secrets, resolved.json());
    Map<String, String> changes = changes(previous, resolved.json());
    if (!changes.isEmpty()) {
      if (!allowChange) {
        throw new ConfigException(
            "The configuration differs from the one run %s started with (%s): %s; pass"
                + " --allow-config-change to resume anyway",
            runDir, saved, String.join(", ", changes.keySet()));
      }
      Path record = new Path(runDir, "config-change-" + Instant.now().toEpochMilli() + ".txt");
      try (OutputStream out = fs.create(record, false)) {
        StringBuilder text = new StringBuilder();
        changes.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return resolved;
  }

  /** The saved configuration without its redacted keys, which then come from their sources. */
  private static String withoutSecrets(String savedJson, Set<String> secrets) {
    Config saved = ConfigFactory.parseString(savedJson);
    for (String key : secrets) {
      saved = saved.withoutPath(key);
    }
    return ConfigLoader.toJson(saved);
  }

  /** Every secret the run was started with must be given again; none is saved with the run. */
  private static void requireSecrets(String runDir, Set<String> secrets, String currentJson) {
    Config current = ConfigFactory.parseString(currentJson);
    Set<String> given = Secrets.redactedKeys(current);
    Set<String> missing = new TreeSet<>();
    for (String key : secrets) {
      // storage.catalog.password may come from storage.catalog.password-env or -file instead.
      if (!given.contains(key) && !setIn(current, key + "-env") && !setIn(current, key + "-file")) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigException(
          "Cannot resume %s: it was started with %s set, which is a secret and not saved with"
              + " the run; give it again from the environment or a file (e.g."
              + " storage.catalog.password-env, or ${?VARIABLE} in the --config file) or with"
              + " --set",
          runDir, String.join(", ", missing));
    }
  }

  private static boolean setIn(Config config, String key) {
    return config.hasPath(key) && Secrets.isSet(config.getValue(key).unwrapped());
  }

  /** Key -> "old -> new" for every key whose value differs; secrets never count. */
  static Map<String, String> changes(String previousJson, String currentJson) {
    Map<String, String> before = flatten(ConfigFactory.parseString(previousJson));
    Map<String, String> after = flatten(ConfigFactory.parseString(currentJson));
    Map<String, String> defaults = flatten(ConfigLoader.resolve(null, List.of()));
    Map<String, String> changes = new TreeMap<>();
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String k : keys) {
      if (Secrets.isSecretKey(k) || Objects.equals(before.get(k), after.get(k))) {
        continue;
      }
      // A key added by a later release, at its default, is no change the user made: the resumed
      // run takes the default as a new run would.
      boolean addedSince = !before.containsKey(k) && Objects.equals(after.get(k), defaults.get(k));
      if (!addedSince) {
        changes.put(k, before.get(k) + " -> " + after.get(k));
      }
    }
    return changes;
  }

  private static Map<String, String> flatten(Config config) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      out.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }
}
