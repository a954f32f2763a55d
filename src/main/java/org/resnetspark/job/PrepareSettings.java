package org.resnetspark.job;

import org.resnetspark.config.DataSettings;
import org.resnetspark.config.Settings;
import org.resnetspark.data.PrepareOptions;

/** The data settings, with command-line values where given, as options for the prepare job. */
public final class PrepareSettings {
  private PrepareSettings() {}

  public static PrepareOptions options(
      Settings settings, String source, String out, boolean overwrite) {
    DataSettings d = settings.data();
    String from = source != null ? source : d.source();
    if (from.isEmpty()) {
      throw new org.resnetspark.config.ConfigException(
          "No source given: pass --source URI or set data.source");
    }
    return new PrepareOptions(
        from,
        out != null ? out : d.shards(),
        d.layout(),
        d.encoding(),
        d.resize(),
        d.jpegQuality(),
        d.shardSize(),
        d.valFraction(),
        settings.train().seed(),
        overwrite,
        d.limitPerClass());
  }
}
