package org.resnetspark.data;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Layout;

/** Detects or checks the layout of a source and plans its listing. */
final class SourcePlanner {
  private SourcePlanner() {}

  static SourcePlan plan(String uri, Layout layout, Configuration conf) throws IOException {
    SourceFolder source = SourceFolder.open(uri, conf);
    Layout chosen = layout == Layout.AUTO ? detect(source) : layout;
    return switch (chosen) {
      case IMAGENET -> ImageNetLayout.plan(source);
      case CLASS_FOLDERS -> ClassFoldersLayout.plan(source);
      case IDX -> IdxLayout.plan(source);
      case AUTO -> throw new IllegalStateException("detect never answers AUTO");
    };
  }

  static Layout detect(SourceFolder source) throws IOException {
    if (IdxLayout.matches(source)) {
      return Layout.IDX;
    }
    if (ImageNetLayout.matches(source)) {
      return Layout.IMAGENET;
    }
    if (ClassFoldersLayout.matches(source)) {
      return Layout.CLASS_FOLDERS;
    }
    throw new ConfigException(
        "Invalid --source: %s matches no known layout; found %s; expected one of: imagenet"
            + " (train/<wnid>/*.JPEG, val/ as folders or flat with LOC_val_solution.csv,"
            + " LOC_synset_mapping.txt), class-folders (<split>/<class>/<image>), idx"
            + " (*-images-idx3-ubyte[.gz] with *-labels-idx1-ubyte[.gz])",
        source.uri, source.describe());
  }
}
