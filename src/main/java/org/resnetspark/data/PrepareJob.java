package org.resnetspark.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Layout;
import org.resnetspark.progress.ProgressListener;
import org.resnetspark.progress.ProgressOutput;
import scala.Tuple2;

/**
 * {@code prepare}: turns a source collection into shuffled Parquet shards and a manifest. The
 * driver plans (layout, classes, output checks) and gathers counts; listing, decoding, resizing,
 * encoding and writing run on the executors. The manifest is written last.
 */
public final class PrepareJob {
  private PrepareJob() {}

  public static Manifest run(
      SparkSession spark, PrepareOptions options, Consumer<String> progress) {
    return run(spark, options, ProgressOutput.lines(progress));
  }

  /** As above, with a live progress bar when {@code progress} is a terminal. */
  public static Manifest run(SparkSession spark, PrepareOptions options, ProgressOutput progress) {
    try {
      return new Run(spark, options, progress, null).execute();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Prepares only the source files named in {@code keys} (see {@link SourceIndex}) as an addition
   * to {@code base}: the same classes (a source with another set of classes is refused), and base's
   * image size and normalisation, so the shards of both can be trained on together. Files not named
   * are neither read nor decoded. Without a base (the first part) the keys' own statistics are
   * used.
   */
  public static Manifest runAddition(
      SparkSession spark,
      PrepareOptions options,
      Manifest base,
      Set<String> keys,
      Consumer<String> progress) {
    try {
      return new Run(spark, options, ProgressOutput.lines(progress), new Addition(base, keys))
          .execute();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Addition(Manifest base, Set<String> keys) {}

  private static final class Run {
    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final PrepareOptions options;
    private final ProgressOutput progress;
    private final Configuration conf;
    private final HadoopConf shipped;
    private final Addition addition;
    private final long start = System.nanoTime();

    Run(SparkSession spark, PrepareOptions options, ProgressOutput progress, Addition addition) {
      this.addition = addition;
      this.spark = spark;
      this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      this.options = options;
      this.progress = progress;
      this.conf = spark.sparkContext().hadoopConfiguration();
      this.shipped = new HadoopConf(conf);
    }

    Manifest execute() throws IOException {
      SourcePlan plan = SourcePlanner.plan(options.source(), options.layout(), conf);
      if (addition != null && addition.base() != null) {
        Additions.checkClasses(plan.classes(), addition.base(), options.source());
      }
      OutputFolder.claim(options, conf);
      progress.line(
          String.format(
              "prepare: %s layout, %d classes, val from %s",
              plan.layout().cliName(), plan.classes().size(), plan.valSource()));
      ProgressListener listener = new ProgressListener(progress);
      spark.sparkContext().addSparkListener(listener);
      JavaRDD<SourceItem> listed = null;
      JavaRDD<DecodedExample> decoded = null;
      try {
        listener.phase("listing");
        listed = list(plan);
        long files = checkClasses(plan, listed);
        JavaRDD<SourceItem> selected = Selection.limit(listed, options);
        if (addition != null) {
          Broadcast<Set<String>> keys = jsc.broadcast(addition.keys());
          selected = selected.filter(item -> keys.value().contains(item.key()));
          files = addition.keys().size();
        }
        listener.phase("decoding");
        int partitions = decodePartitions(plan, files);
        decoded =
            selected
                .sortBy(SourceItem::sortKey, true, partitions)
                .mapPartitions(new ExampleDecoder(shipped, options))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        JavaRDD<DecodedExample> examples = decoded;
        if (!plan.hasVal() && options.valFraction() > 0) {
          examples = holdout(decoded);
        }
        DecodeSummary summary = DecodeSummary.of(examples);
        List<Manifest.Rejection> rejected = summary.rejected;
        RejectionLimit.check(rejected, summary.examples, options.maxRejectedFraction());
        PixelStats stats = summary.trainStats;
        if (addition != null && addition.base() != null) {
          Additions.checkImages(stats, addition.base(), options.source());
        } else if (stats.images == 0) {
          throw new ConfigException(
              "Invalid --source: %s has no readable train image (%d rejected)",
              options.source(), rejected.size());
        }
        long sourceBytes = summary.sourceBytes;
        listener.phase("writing shards");
        Map<String, Manifest.SplitEntry> splits = writeSplits(plan, examples, summary);
        Manifest manifest = manifest(plan, splits, stats, rejected, files, sourceBytes);
        manifest.write(conf);
        summarise(manifest);
        return manifest;
      } finally {
        spark.sparkContext().removeSparkListener(listener);
        if (decoded != null) {
          decoded.unpersist(false);
        }
        if (listed != null) {
          listed.unpersist(false);
        }
      }
    }

    /**
     * About 500 files per decoding task; IDX entries are far cheaper but each task streams its file
     * from the start, so they come in tasks of 20000.
     */
    private int decodePartitions(SourcePlan plan, long files) {
      long expected = files;
      if (options.limitPerClass() > 0) {
        long splits = plan.tasks().size();
        expected = Math.min(files, (long) options.limitPerClass() * plan.classes().size() * splits);
      }
      long perTask = plan.layout() == Layout.IDX ? 20_000 : 500;
      return (int) Math.max(jsc.defaultParallelism(), expected / perTask + 1);
    }

    /**
     * Moves the seeded, stratified hold-out of train to val. The move is a map over the cached
     * examples, repeated by each job that reads them: cheaper than a job that caches a second copy.
     */
    private JavaRDD<DecodedExample> holdout(JavaRDD<DecodedExample> decoded) {
      Broadcast<java.util.Set<String>> held = jsc.broadcast(Selection.holdout(decoded, options));
      return decoded.map(e -> held.value().contains(e.key()) ? e.inSplit(SourcePlan.VAL) : e);
    }

    private JavaRDD<SourceItem> list(SourcePlan plan) {
      HadoopConf hadoop = shipped;
      return jsc.parallelize(plan.tasks(), Math.max(1, Math.min(plan.tasks().size(), 1000)))
          .flatMap(task -> task.list(hadoop.get()).iterator())
          .persist(StorageLevel.MEMORY_AND_DISK_SER());
    }

    /** Every class folder holds at least one file; every class has train files. */
    private long checkClasses(SourcePlan plan, JavaRDD<SourceItem> listed) {
      Map<Tuple2<String, Integer>, Long> counts =
          listed.mapToPair(i -> new Tuple2<>(new Tuple2<>(i.split(), i.label()), 1)).countByKey();
      for (ListingTask task : plan.tasks()) {
        if (task instanceof FolderListing folder
            && counts.getOrDefault(new Tuple2<>(folder.split(), folder.label()), 0L) == 0) {
          throw new ConfigException(
              "Invalid --source: empty class folder %s (expected at least one image per class;"
                  + " remove the folder or add images)",
              folder.dir());
        }
      }
      for (Manifest.ClassEntry entry : plan.classes()) {
        if (counts.getOrDefault(new Tuple2<>(SourcePlan.TRAIN, entry.index()), 0L) == 0) {
          throw new ConfigException(
              "Invalid --source: class %s has no train images (expected at least one)", entry.id());
        }
      }
      long files = counts.values().stream().mapToLong(Long::longValue).sum();
      progress.line(String.format("  listed %d files", files));
      return files;
    }

    private Map<String, Manifest.SplitEntry> writeSplits(
        SourcePlan plan, JavaRDD<DecodedExample> decoded, DecodeSummary summary) {
      Map<String, Manifest.SplitEntry> splits = new LinkedHashMap<>();
      for (String split : summary.kept.keySet()) {
        Map<String, Long> perClass = new LinkedHashMap<>();
        long examples = 0;
        for (Manifest.ClassEntry entry : plan.classes()) {
          long count = summary.kept(split, entry.index());
          perClass.put(entry.id(), count);
          examples += count;
        }
        long[] first = summary.firstPositions(split, decoded.getNumPartitions());
        List<Manifest.ShardEntry> shards = writeSplit(decoded, split, examples, first);
        splits.put(split, new Manifest.SplitEntry(examples, perClass, shards));
        progress.line(
            String.format("  %s: %d examples in %d shards", split, examples, shards.size()));
      }
      return splits;
    }

    /**
     * Shuffles a split with the seed and writes it in shards of {@code shardSize} examples. The
     * examples are numbered in partition order, from {@code first} (each partition's first number),
     * and example {@code i} goes to position {@code order[i]} of the split.
     */
    private List<Manifest.ShardEntry> writeSplit(
        JavaRDD<DecodedExample> decoded, String split, long examples, long[] first) {
      int shardSize = options.shardSize();
      int shards = (int) ((examples + shardSize - 1) / shardSize);
      Broadcast<int[]> order = jsc.broadcast(permutation((int) examples, split));
      try {
        JavaPairRDD<Long, DecodedExample> positioned =
            JavaPairRDD.fromJavaRDD(
                decoded
                    .filter(e -> e.ok() && e.split().equals(split))
                    .mapPartitionsWithIndex(
                        (partition, rows) -> positions(rows, first[partition], order.value()),
                        true));
        List<Manifest.ShardEntry> entries =
            new ArrayList<>(
                positioned
                    .repartitionAndSortWithinPartitions(new ShardPartitioner(shards, shardSize))
                    .mapPartitionsWithIndex(
                        new ShardWriter(shipped, options.out(), split, shardSize), false)
                    .collect());
        entries.sort(Comparator.comparing(Manifest.ShardEntry::path));
        return entries;
      } finally {
        order.destroy();
      }
    }

    private static Iterator<Tuple2<Long, DecodedExample>> positions(
        Iterator<DecodedExample> rows, long first, int[] order) {
      return new Iterator<>() {
        private long next = first;

        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Tuple2<Long, DecodedExample> next() {
          return new Tuple2<>((long) order[(int) next++], rows.next());
        }
      };
    }

    private int[] permutation(int n, String split) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Random random = new Random(Seeds.derive(options.seed(), "shuffle/" + split));
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      return order;
    }

    private Manifest manifest(
        SourcePlan plan,
        Map<String, Manifest.SplitEntry> splits,
        PixelStats stats,
        List<Manifest.Rejection> rejected,
        long files,
        long sourceBytes) {
      int crop = options.resizeShorterSide() > 0 ? options.cropSizeForResized() : 0;
      int height = crop > 0 ? crop : stats.minHeight;
      int width = crop > 0 ? crop : stats.minWidth;
      long shardBytes =
          splits.values().stream()
              .flatMap(s -> s.shards().stream())
              .mapToLong(Manifest.ShardEntry::bytes)
              .sum();
      double seconds = (System.nanoTime() - start) / 1e9;
      Manifest.Preprocessing preprocessing =
          new Manifest.Preprocessing(
              options.encoding(),
              options.resizeShorterSide(),
              crop,
              options.jpegQuality(),
              options.shardSize(),
              options.valFraction(),
              options.seed(),
              options.limitPerClass(),
              plan.valSource());
      if (addition != null && addition.base() != null) {
        Manifest base = addition.base();
        return new Manifest(
            Manifest.FORMAT_VERSION,
            options.out(),
            options.source(),
            plan.layout(),
            plan.classes(),
            splits,
            base.height(),
            base.width(),
            base.channels(),
            base.mean(),
            base.std(),
            preprocessing,
            rejected,
            new Manifest.RunSummary(files, sourceBytes, shardBytes, seconds, files / seconds));
      }
      return new Manifest(
          Manifest.FORMAT_VERSION,
          options.out(),
          options.source(),
          plan.layout(),
          plan.classes(),
          splits,
          height,
          width,
          stats.channels(),
          stats.mean(),
          stats.std(),
          preprocessing,
          rejected,
          new Manifest.RunSummary(files, sourceBytes, shardBytes, seconds, files / seconds));
    }

    private void summarise(Manifest manifest) {
      Map<String, Long> examples = new TreeMap<>();
      manifest.splits().forEach((name, split) -> examples.put(name, split.examples()));
      Manifest.RunSummary run = manifest.run();
      progress.line(
          String.format(
              "prepare done: %s examples, %d rejected, %,d source bytes -> %,d shard bytes, %.1f s,"
                  + " %.0f images/s; manifest %s/%s",
              examples,
              manifest.rejected().size(),
              run.sourceBytes(),
              run.shardBytes(),
              run.seconds(),
              run.imagesPerSecond(),
              manifest.location(),
              Manifest.FILE_NAME));
    }
  }
}
