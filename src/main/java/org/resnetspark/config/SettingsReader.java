package org.resnetspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a resolved HOCON tree into validated {@link Settings}; every error names its key. */
final class SettingsReader {
  private static final double MIN_LOSS_FACTOR = 1.5;
  private static final double MAX_LOSS_FACTOR = 1000;
  private final Config c;

  private SettingsReader(Config c) {
    this.c = c;
  }

  static Settings read(Config config) {
    return new SettingsReader(config).settings();
  }

  private Settings settings() {
    return new Settings(
        spark(), storage(), data(), model(), train(), checkpoint(), retrain(), demo());
  }

  private SparkSettings spark() {
    Map<String, String> conf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getConfig("spark.conf").entrySet()) {
      conf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
    }
    return new SparkSettings(nonEmpty("spark.master"), nonEmpty("spark.app-name"), conf);
  }

  private StorageSettings storage() {
    String workDir = absolute(nonEmpty("storage.work-dir"));
    StorageSettings base = new StorageSettings(workDir, null);
    String uri = str("storage.catalog.uri");
    if (uri.isEmpty()) {
      if (!isLocal(workDir)) {
        throw new ConfigException(
            "storage.catalog.uri must be set when storage.work-dir is not local (%s): the default"
                + " SQLite catalog needs a local file; use e.g."
                + " jdbc:postgresql://host:5432/resnet",
            workDir);
      }
      uri = "jdbc:sqlite:" + stripScheme(base.resolve("catalog.db"));
    } else if (!uri.startsWith("jdbc:")) {
      throw new ConfigException(
          "Invalid storage.catalog.uri: '%s' (expected a JDBC URL such as"
              + " jdbc:sqlite:/data/catalog.db or jdbc:postgresql://host:5432/resnet)",
          uri);
    }
    String warehouse = str("storage.catalog.warehouse");
    if (warehouse.isEmpty()) {
      warehouse = base.resolve("warehouse");
    }
    CatalogSettings catalog =
        new CatalogSettings(
            identifier("storage.catalog.name"),
            uri,
            str("storage.catalog.user"),
            CatalogPassword.read(this::raw),
            absolute(warehouse));
    return new StorageSettings(workDir, catalog);
  }

  private DataSettings data() {
    String shards = str("data.shards");
    return new DataSettings(
        str("data.source"),
        shards.isEmpty() ? absolute(nonEmpty("storage.work-dir")) + "/shards" : absolute(shards),
        choice("data.layout", Layout::cliName, Layout.values()),
        choice("data.encoding", Encoding::cliName, Encoding.values()),
        intIn("data.resize", 0, 4096),
        intIn("data.jpeg-quality", 1, 100),
        intIn("data.shard-size", 1, 1 << 20),
        doubleIn("data.val-fraction", 0.0, 0.9),
        intIn("data.limit-per-class", 0, Integer.MAX_VALUE),
        doubleIn("data.max-rejected-fraction", 0.0, 1.0));
  }

  private ModelSettings model() {
    return new ModelSettings(
        nonEmpty("model.variant"),
        shortcut(),
        choice("model.stride", StridePlacement::label, StridePlacement.values()),
        bool("model.zero-init-last-bn"),
        choice("model.engine", ConvolutionEngine::configName, ConvolutionEngine.values()));
  }

  /** A or B, or null for {@code default} (the variant's own). */
  private Shortcut shortcut() {
    if (str("model.shortcut").equalsIgnoreCase("default")) {
      return null;
    }
    try {
      return choice("model.shortcut", Shortcut::name, Shortcut.values());
    } catch (ConfigException e) {
      throw new ConfigException(
          "Invalid model.shortcut: '%s' (expected one of default, A, B)", str("model.shortcut"));
    }
  }

  private TrainSettings train() {
    ScheduleSettings schedule =
        new ScheduleSettings(
            choice("train.schedule.type", ScheduleType::configName, ScheduleType.values()),
            milestones(),
            doubleIn("train.schedule.factor", 0.0, 1.0),
            doubleIn("train.schedule.warmup-epochs", 0.0, 1000.0),
            new ErrorWarmup(
                doubleIn("train.schedule.warmup-rate", 1e-9, 100.0),
                doubleIn("train.schedule.warmup-until-error", 0.0, 0.999),
                intIn("train.schedule.warmup-rounds", 0, 100_000_000),
                intIn("train.schedule.warmup-error-window", 1, 100_000_000)));
    return new TrainSettings(
        intIn("train.epochs", 1, 100_000),
        intIn("train.batch-size-per-worker", 1, 65_536),
        intIn("train.averaging-frequency", 1, 100_000),
        intIn("train.workers", 0, 100_000),
        choice("train.augmentation", Augmentation::configName, Augmentation.values()),
        doubleIn("train.learning-rate", 0.0, 100.0),
        doubleIn("train.momentum", 0.0, 0.999),
        doubleIn("train.weight-decay", 0.0, 1.0),
        schedule,
        longValue("train.seed"),
        bool("train.collect-stats"),
        new DivergenceSettings(
            choice("train.on-divergence", DivergenceAction::configName, DivergenceAction.values()),
            doubleIn("train.rollback-lr-factor", 1e-6, 1.0),
            intIn("train.max-rollbacks", 1, 1000),
            maxLossFactor()));
  }

  /**
   * 0 (off) or at least 1.5: a healthy first round is near chance (ln(classes)), a little above it
   * with some initialisations, and must never count as diverged.
   */
  private double maxLossFactor() {
    String key = "train.max-loss-factor";
    String allowed =
        String.format(
            "expected 0, which turns the limit off, or a number from %s to %s: a healthy first"
                + " round's loss is about 1 x ln(classes)",
            MIN_LOSS_FACTOR, MAX_LOSS_FACTOR);
    double v;
    try {
      v = c.getDouble(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Invalid %s: '%s' (%s)", key, c.getValue(key).unwrapped(), allowed);
    }
    if (!(v == 0 || (v >= MIN_LOSS_FACTOR && v <= MAX_LOSS_FACTOR))) {
      throw new ConfigException("Invalid %s: %s (%s)", key, v, allowed);
    }
    return v;
  }

  private CheckpointSettings checkpoint() {
    return new CheckpointSettings(
        intIn("checkpoint.keep-last", 1, 100_000),
        metric("checkpoint.best-metric"),
        intIn("checkpoint.every-rounds", 0, 100_000_000),
        intIn("checkpoint.keep-last-rounds", 1, 100_000));
  }

  private RetrainSettings retrain() {
    String root = str("retrain.root");
    String source = str("retrain.source");
    int timeout = intIn("retrain.lock-timeout-s", 10, 7 * 24 * 3600);
    int heartbeat = intIn("retrain.heartbeat-s", 1, 3600);
    if (heartbeat * 2 > timeout) {
      throw new ConfigException(
          "Invalid retrain.heartbeat-s: %d (expected at most half of retrain.lock-timeout-s, %d,"
              + " so that a live lock never looks stale)",
          heartbeat, timeout);
    }
    return new RetrainSettings(
        root.isEmpty() ? absolute(nonEmpty("storage.work-dir")) + "/pipeline" : absolute(root),
        source.isEmpty() ? str("data.source") : source,
        intIn("retrain.epochs", 1, 100_000),
        doubleIn("retrain.learning-rate", 0.0, 100.0),
        doubleIn("retrain.warmup-epochs", 0.0, 1000.0),
        choice(
            "retrain.schedule",
            ScheduleType::configName,
            ScheduleType.COSINE,
            ScheduleType.CONSTANT),
        metric("retrain.metric"),
        doubleIn("retrain.margin", -1.0, 1000.0),
        timeout,
        heartbeat);
  }

  private DemoSettings demo() {
    return new DemoSettings(
        intIn("demo.train-per-class", 1, 6000), intIn("demo.val-per-class", 1, 1000));
  }

  private List<Double> milestones() {
    try {
      List<Double> list = c.getDoubleList("train.schedule.milestones");
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) <= 0 || (i > 0 && list.get(i) <= list.get(i - 1))) {
          throw new ConfigException(
              "Invalid train.schedule.milestones: %s (expected increasing positive epochs,"
                  + " e.g. [91, 136])",
              list);
        }
      }
      return list;
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "Invalid train.schedule.milestones: %s (expected a list of epochs, e.g. [91, 136])",
          e.getMessage());
    }
  }

  private Metric metric(String key) {
    return Metric.parse(key, str(key));
  }

  private boolean bool(String key) {
    try {
      return c.getBoolean(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "Invalid %s: '%s' (expected true or false)", key, c.getValue(key).unwrapped());
    }
  }

  private String str(String key) {
    return raw(key).trim();
  }

  /** The string as written (a password keeps its spaces). */
  private String raw(String key) {
    try {
      return c.getString(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Invalid %s: %s (expected a string)", key, e.getMessage());
    }
  }

  private String nonEmpty(String key) {
    String v = str(key);
    if (v.isEmpty()) {
      throw new ConfigException("Missing value for %s (it must not be empty)", key);
    }
    return v;
  }

  private String identifier(String key) {
    String v = nonEmpty(key);
    if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new ConfigException(
          "Invalid %s: '%s' (expected letters, digits and underscores)", key, v);
    }
    return v;
  }

  /** The choice whose configuration name is the key's value (case-insensitive). */
  @SafeVarargs
  private <E extends Enum<E>> E choice(
      String key, java.util.function.Function<E, String> name, E... allowed) {
    String v = str(key);
    for (E a : allowed) {
      if (name.apply(a).equalsIgnoreCase(v)) {
        return a;
      }
    }
    throw new ConfigException(
        "Invalid %s: '%s' (expected one of %s)",
        key, v, String.join(", ", java.util.Arrays.stream(allowed).map(name).toList()));
  }

  private long longValue(String key) {
    try {
      return c.getLong(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "Invalid %s: '%s' (expected a whole number)", key, c.getValue(key).unwrapped());
    }
  }

  private int intIn(String key, int min, int max) {
    long v;
    try {
      v = c.getLong(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "Invalid %s: '%s' (expected a whole number from %d to %d)",
          key, c.getValue(key).unwrapped(), min, max);
    }
    if (v < min || v > max) {
      throw new ConfigException(
          "Invalid %s: %d (expected a whole number from %d to %d)", key, v, min, max);
    }
    return (int) v;
  }

  private double doubleIn(String key, double min, double max) {
    double v;
    try {
      v = c.getDouble(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "Invalid %s: '%s' (expected a number from %s to %s)",
          key, c.getValue(key).unwrapped(), min, max);
    }
    if (!(v >= min && v <= max)) {
      throw new ConfigException(
          "Invalid %s: %s (expected a number from %s to %s)", key, v, min, max);
    }
    return v;
  }

  /** Relative local paths become absolute; URIs with a scheme are kept as given. */
  static String absolute(String location) {
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return location;
    }
    return Path.of(location).toAbsolutePath().normalize().toString();
  }

  private static boolean isLocal(String location) {
    return location.startsWith("/") || location.startsWith("file:");
  }

  private static String stripScheme(String location) {
    return location.startsWith("file:") ? location.substring("file:".length()) : location;
  }
}
