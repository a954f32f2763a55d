package org.resnetspark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Layout;

/** {@code <root>/<split>/<class>/<image>}; the classes are those of {@code train}. */
final class ClassFoldersLayout {
  private ClassFoldersLayout() {}

  static boolean matches(SourceFolder source) throws IOException {
    return !source.subfolderNames(new Path(source.root, SourcePlan.TRAIN)).isEmpty();
  }

  static SourcePlan plan(SourceFolder source) throws IOException {
    Path train = new Path(source.root, SourcePlan.TRAIN);
    List<String> ids = source.subfolderNames(train);
    if (ids.isEmpty()) {
      throw new ConfigException(
          "Invalid --source: %s has no class folders under train/ (expected"
              + " train/<class>/<image>)",
          source.uri);
    }
    List<Manifest.ClassEntry> classes = new ArrayList<>();
    Map<String, Integer> labels = new HashMap<>();
    for (String id : ids) {
      labels.put(id, classes.size());
      classes.add(new Manifest.ClassEntry(classes.size(), id, id));
    }
    List<ListingTask> tasks = new ArrayList<>();
    String valSource = SourcePlan.HOLDOUT;
    for (String split : source.subfolderNames(source.root)) {
      if (split.equals(SourcePlan.VAL)) {
        valSource = "folders";
      }
      for (String id : source.subfolderNames(new Path(source.root, split))) {
        Integer label = labels.get(id);
        if (label == null) {
          throw new ConfigException(
              "Invalid --source: %s/%s is not a class of train/ (expected one of %s)",
              split, id, ids);
        }
        tasks.add(
            new FolderListing(split, label, new Path(source.root, split + "/" + id).toString()));
      }
    }
    return new SourcePlan(Layout.CLASS_FOLDERS, classes, tasks, valSource);
  }
}
