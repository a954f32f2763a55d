package org.resnetspark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Layout;

/**
 * MNIST-style IDX files: {@code <prefix>-images-idx3-ubyte[.gz]} with {@code
 * <prefix>-labels-idx1-ubyte[.gz]}. Prefix {@code train} is the train split, {@code t10k} or {@code
 * test} the val split. Fashion-MNIST (a path naming "fashion") gets its class names.
 */
final class IdxLayout {
  private static final Pattern IMAGES = Pattern.compile("(.+)-images[.-]idx3-ubyte(\\.gz)?");

  static final List<String> FASHION_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private IdxLayout() {}

  static boolean matches(SourceFolder source) throws IOException {
    return source.entries(source.root).stream()
        .anyMatch(s -> IMAGES.matcher(s.getPath().getName()).matches());
  }

  static SourcePlan plan(SourceFolder source) throws IOException {
    List<ListingTask> tasks = new ArrayList<>();
    String trainLabels = null;
    boolean hasVal = false;
    for (FileStatus status : source.entries(source.root)) {
      String name = status.getPath().getName();
      Matcher matcher = IMAGES.matcher(name);
      if (!matcher.matches()) {
        continue;
      }
      String prefix = matcher.group(1);
      String split = splitOf(prefix, name);
      Path labels = labelsFile(source, prefix, name);
      tasks.add(new IdxListing(split, status.getPath().toString(), labels.toString()));
      if (split.equals(SourcePlan.TRAIN)) {
        trainLabels = labels.toString();
      } else {
        hasVal = true;
      }
    }
    if (trainLabels == null) {
      throw new ConfigException(
          "Invalid --source: %s has no train-images-idx3-ubyte[.gz] (found %s)",
          source.uri, source.describe());
    }
    boolean fashion = source.uri.toLowerCase(Locale.ROOT).contains("fashion");
    List<Manifest.ClassEntry> classes = new ArrayList<>();
    for (int label : distinctLabels(source, new Path(trainLabels))) {
      if (label != classes.size()) {
        throw new ConfigException(
            "Invalid --source: %s has no example of label %d (expected labels 0..n-1)",
            trainLabels, classes.size());
      }
      String name = fashion && label < FASHION_NAMES.size() ? FASHION_NAMES.get(label) : "" + label;
      classes.add(new Manifest.ClassEntry(label, "" + label, name));
    }
    return new SourcePlan(Layout.IDX, classes, tasks, hasVal ? "idx" : SourcePlan.HOLDOUT);
  }

  /**
   * For predict: every images file, whatever its prefix, with its labels file when there is one.
   * Items are labelled with the label values, whose class ids are the values as text.
   */
  static List<ListingTask> scoringTasks(SourceFolder source) throws IOException {
    List<ListingTask> tasks = new ArrayList<>();
    for (FileStatus status : source.entries(source.root)) {
      Matcher matcher = IMAGES.matcher(status.getPath().getName());
      if (matcher.matches()) {
        Path labels = labelsFileIfAny(source, matcher.group(1));
        tasks.add(
            new IdxListing(
                "", status.getPath().toString(), labels == null ? null : labels.toString()));
      }
    }
    return tasks;
  }

  private static String splitOf(String prefix, String name) {
    return switch (prefix) {
      case "train" -> SourcePlan.TRAIN;
      case "t10k", "test" -> SourcePlan.VAL;
      default ->
          throw new ConfigException(
              "Invalid --source: cannot tell the split of %s (expected the prefix train, t10k or"
                  + " test)",
              name);
    };
  }

  private static Path labelsFile(SourceFolder source, String prefix, String imagesName)
      throws IOException {
    Path labels = labelsFileIfAny(source, prefix);
    if (labels != null) {
      return labels;
    }
    throw new ConfigException(
        "Invalid --source: %s has %s but no %s-labels-idx1-ubyte[.gz] beside it",
        source.uri, imagesName, prefix);
  }

  private static Path labelsFileIfAny(SourceFolder source, String prefix) throws IOException {
    for (String candidate :
        List.of(
            prefix + "-labels-idx1-ubyte.gz",
            prefix + "-labels-idx1-ubyte",
            prefix + "-labels.idx1-ubyte")) {
      Path path = new Path(source.root, candidate);
      if (source.fs.exists(path)) {
        return path;
      }
    }
    return null;
  }

  /** The label values present; reads one small labels file, no image. */
  private static TreeSet<Integer> distinctLabels(SourceFolder source, Path labels)
      throws IOException {
    TreeSet<Integer> values = new TreeSet<>();
    try (IdxFile file = IdxFile.open(source.fs.open(labels), labels.getName())) {
      for (byte value : file.readAll()) {
        values.add(value & 0xff);
      }
    }
    return values;
  }
}
