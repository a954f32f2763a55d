package org.resnetspark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.resnetspark.config.Layout;

/**
 * The images {@code predict} scores, listed on the executors: a source in a layout prepare reads
 * (ImageNet, class folders; every split), whose labels are its class ids, IDX files (one item per
 * image, named {@code <images file>#<index>}, labelled from the labels file beside it when there is
 * one, whatever the file's prefix), or any other folder tree, whose files are unlabelled unless
 * their top-level folder is named after one of the model's class ids. Labels are the model's class
 * indices, or {@link #NO_LABEL}.
 */
public final class ScoringSource {
  public static final int NO_LABEL = FlatListing.NO_LABEL;

  private ScoringSource() {}

  /** The source's images; a missing source is a ConfigException. */
  public static JavaRDD<SourceItem> list(
      JavaSparkContext sc, String uri, List<Manifest.ClassEntry> modelClasses) throws IOException {
    Configuration conf = sc.hadoopConfiguration();
    SourceFolder source = SourceFolder.open(uri, conf);
    Map<String, Integer> modelIndex = new HashMap<>();
    modelClasses.forEach(c -> modelIndex.put(c.id(), c.index()));
    List<ListingTask> tasks = new ArrayList<>();
    int[] labels;
    if (IdxLayout.matches(source)) {
      tasks.addAll(IdxLayout.scoringTasks(source));
      // An IDX label is a byte; its class id is the value as text, as prepare names IDX classes.
      labels = new int[256];
      for (int value = 0; value < labels.length; value++) {
        labels[value] = modelIndex.getOrDefault("" + value, NO_LABEL);
      }
    } else if (ImageNetLayout.matches(source) || ClassFoldersLayout.matches(source)) {
      SourcePlan plan = SourcePlanner.plan(uri, Layout.AUTO, conf);
      tasks.addAll(plan.tasks());
      labels = new int[plan.classes().size()];
      for (Manifest.ClassEntry c : plan.classes()) {
        labels[c.index()] = modelIndex.getOrDefault(c.id(), NO_LABEL);
      }
    } else {
      labels = null;
      for (FileStatus entry : source.entries(source.root)) {
        String path = entry.getPath().toString();
        String name = entry.getPath().getName();
        tasks.add(
            entry.isDirectory()
                ? new FolderListing("", modelIndex.getOrDefault(name, NO_LABEL), path)
                : new FileListing(path, entry.getLen()));
      }
    }
    HadoopConf shipped = new HadoopConf(conf);
    JavaRDD<SourceItem> items =
        sc.parallelize(tasks, Math.max(1, Math.min(tasks.size(), 1000)))
            .flatMap(task -> task.list(shipped.get()).iterator());
    return labels == null ? items : items.map(item -> relabelled(item, labels));
  }

  /** The item with its source class index replaced by the model's. */
  private static SourceItem relabelled(SourceItem item, int[] labels) {
    int label = item.label() < 0 ? NO_LABEL : labels[item.label()];
    return item.withLabel(label);
  }

  /**
   * The items in {@code partitions} ranges of their file order, so that a task reads the entries of
   * an IDX file in index order and so each file once.
   */
  public static JavaRDD<SourceItem> inFileOrder(JavaRDD<SourceItem> items, int partitions) {
    return items.sortBy(SourceItem::sortKey, true, partitions);
  }

  /** One file at the top of an unlabelled tree. */
  private record FileListing(String path, long sizeBytes) implements ListingTask {
    @Override
    public List<SourceItem> list(Configuration conf) {
      return List.of(SourceItem.file("", NO_LABEL, path, sizeBytes));
    }
  }
}
