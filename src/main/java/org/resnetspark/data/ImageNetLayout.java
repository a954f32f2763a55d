package org.resnetspark.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Layout;

/**
 * ILSVRC-2012: {@code train/<wnid>/*.JPEG}; {@code val/} as class folders or flat with {@code
 * LOC_val_solution.csv}; names from {@code LOC_synset_mapping.txt}. The images may also sit under
 * {@code ILSVRC/Data/CLS-LOC/} beside the two text files, as in the Kaggle download.
 */
final class ImageNetLayout {
  static final String SYNSET_MAPPING = "LOC_synset_mapping.txt";
  static final String VAL_SOLUTION = "LOC_val_solution.csv";
  private static final Pattern WNID = Pattern.compile("n\\d{8}");

  private ImageNetLayout() {}

  static boolean matches(SourceFolder source) throws IOException {
    Path images = imageRoot(source);
    List<String> classes = source.subfolderNames(new Path(images, SourcePlan.TRAIN));
    if (classes.isEmpty()) {
      return false;
    }
    return source.fs.exists(new Path(source.root, SYNSET_MAPPING))
        || classes.stream().allMatch(c -> WNID.matcher(c).matches());
  }

  static SourcePlan plan(SourceFolder source) throws IOException {
    Path images = imageRoot(source);
    Path train = new Path(images, SourcePlan.TRAIN);
    List<String> ids = source.subfolderNames(train);
    if (ids.isEmpty()) {
      throw new ConfigException(
          "Invalid --source: %s has no class folders under train/ (expected train/<wnid>/*.JPEG)",
          source.uri);
    }
    Map<String, String> names = synsetNames(source);
    List<Manifest.ClassEntry> classes = new ArrayList<>();
    Map<String, Integer> labels = new HashMap<>();
    for (String id : ids) {
      labels.put(id, classes.size());
      classes.add(new Manifest.ClassEntry(classes.size(), id, names.getOrDefault(id, id)));
    }
    List<ListingTask> tasks = new ArrayList<>();
    for (String id : ids) {
      tasks.add(
          new FolderListing(SourcePlan.TRAIN, labels.get(id), new Path(train, id).toString()));
    }
    Path val = new Path(images, SourcePlan.VAL);
    String valSource = SourcePlan.HOLDOUT;
    List<String> valFolders = source.subfolderNames(val);
    if (!valFolders.isEmpty()) {
      valSource = "folders";
      for (String id : valFolders) {
        Integer label = labels.get(id);
        if (label == null) {
          throw new ConfigException(
              "Invalid --source: val/%s is not a class of train/ (expected one of the %d train"
                  + " class folders)",
              id, ids.size());
        }
        tasks.add(new FolderListing(SourcePlan.VAL, label, new Path(val, id).toString()));
      }
    } else if (!source.entries(val).isEmpty()) {
      Path solution = new Path(source.root, VAL_SOLUTION);
      if (!source.fs.exists(solution)) {
        throw new ConfigException(
            "Invalid --source: %s has a flat val/ but no %s (expected val/<wnid>/ folders or %s"
                + " with ImageId,PredictionString)",
            source.uri, VAL_SOLUTION, VAL_SOLUTION);
      }
      valSource = VAL_SOLUTION;
      tasks.add(new FlatListing(SourcePlan.VAL, val.toString(), valLabels(source, labels)));
    }
    return new SourcePlan(Layout.IMAGENET, classes, tasks, valSource);
  }

  private static Path imageRoot(SourceFolder source) throws IOException {
    Path kaggle = new Path(source.root, "ILSVRC/Data/CLS-LOC");
    return source.isFolder(kaggle) ? kaggle : source.root;
  }

  private static Map<String, String> synsetNames(SourceFolder source) throws IOException {
    Map<String, String> names = new HashMap<>();
    Path mapping = new Path(source.root, SYNSET_MAPPING);
    if (!source.fs.exists(mapping)) {
      return names;
    }
    for (String line : lines(source, mapping)) {
      int space = line.indexOf(' ');
      if (space > 0) {
        names.put(line.substring(0, space), line.substring(space + 1).trim());
      }
    }
    return names;
  }

  /** ImageId -> label from the first wnid of each PredictionString; unknown wnids are left out. */
  private static Map<String, Integer> valLabels(SourceFolder source, Map<String, Integer> labels)
      throws IOException {
    Map<String, Integer> byImage = new HashMap<>();
    for (String line : lines(source, new Path(source.root, VAL_SOLUTION))) {
      int comma = line.indexOf(',');
      if (comma <= 0 || line.startsWith("ImageId,")) {
        continue;
      }
      String[] prediction = line.substring(comma + 1).trim().split("\\s+");
      Integer label = labels.get(prediction[0]);
      if (label != null) {
        byImage.put(line.substring(0, comma).trim(), label);
      }
    }
    return byImage;
  }

  private static List<String> lines(SourceFolder source, Path path) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(source.fs.open(path), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          lines.add(line.strip());
        }
      }
    }
    return lines;
  }
}
