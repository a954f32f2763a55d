package org.resnetspark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.config.Settings;
import picocli.CommandLine.Option;

/** The options every job shares: configuration file, overrides and the Spark master. */
final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON configuration file (see conf/). Keys it lacks take built-in defaults.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one key, e.g. --set train.epochs=5 (repeatable; beats the file).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master (local[*], spark://host:7077, ...); default spark.master.")
  String master;

  Settings settings() {
    return ConfigLoader.load(config, overrides);
  }

  ResolvedConfig resolved() {
    return ConfigLoader.loadWithJson(config, overrides);
  }
}
