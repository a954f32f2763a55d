package org.resnetspark.data;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.resnetspark.config.ConfigException;

/**
 * A few bad files in a large collection are expected; many mean a wrong source, a wrong layout or a
 * broken copy, and shards made from what is left would mislead. Above the limit prepare fails
 * before it writes shards or the manifest.
 */
final class RejectionLimit {
  static final int SHOWN = 5;

  private RejectionLimit() {}

  static void check(List<Manifest.Rejection> rejected, long images, double maxFraction) {
    double fraction = images == 0 ? 0 : (double) rejected.size() / images;
    if (fraction <= maxFraction) {
      return;
    }
    String first =
        rejected.stream()
            .limit(SHOWN)
            .map(r -> r.path() + " (" + r.reason() + ")")
            .collect(Collectors.joining("; "));
    throw new ConfigException(
        "Too many rejected images: %d of %d (%s), more than data.max-rejected-fraction (%s)."
            + " First %d: %s. Fix or remove these files, check --source and data.layout, or raise"
            + " data.max-rejected-fraction; no manifest was written",
        rejected.size(),
        images,
        percent(fraction),
        percent(maxFraction),
        Math.min(SHOWN, rejected.size()),
        first);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }
}
