package org.resnetspark.data;

import java.util.ArrayList;
import java.util.List;
import org.resnetspark.config.ConfigException;

/** What new images must share with the data they are added to: classes, channels, image size. */
final class Additions {
  private Additions() {}

  /**
   * The class index is the position among the sorted class ids, so a class added to (or removed
   * from) the source would renumber the others and the model's output layer would no longer match.
   */
  static void checkClasses(List<Manifest.ClassEntry> now, Manifest base, String source) {
    List<String> before = ids(base.classes());
    List<String> after = ids(now);
    if (before.equals(after)) {
      return;
    }
    List<String> added = new ArrayList<>(after);
    added.removeAll(before);
    List<String> removed = new ArrayList<>(before);
    removed.removeAll(after);
    throw new ConfigException(
        "The classes of %s changed since the pipeline started (new: %s, missing: %s); a pipeline"
            + " keeps its classes because the model's outputs are numbered by them. Move the new"
            + " class folders out of the source, or start a new pipeline (another retrain.root)"
            + " on the whole collection",
        source, added, removed);
  }

  static void checkImages(PixelStats stats, Manifest base, String source) {
    if (stats.images == 0) {
      return;
    }
    if (stats.channels() > base.channels()) {
      throw new ConfigException(
          "New images in %s have colour, the pipeline's images are grey (%d channel); convert"
              + " them to grey or start a new pipeline",
          source, base.channels());
    }
    if (stats.minHeight < base.height() || stats.minWidth < base.width()) {
      throw new ConfigException(
          "New images in %s are as small as %dx%d, the pipeline's are %dx%d; resize them or set"
              + " data.resize",
          source, stats.minHeight, stats.minWidth, base.height(), base.width());
    }
  }

  private static List<String> ids(List<Manifest.ClassEntry> classes) {
    return classes.stream().map(Manifest.ClassEntry::id).toList();
  }
}
