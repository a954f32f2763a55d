package org.resnetspark.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Encoding;
import org.resnetspark.config.Layout;
import org.resnetspark.files.AtomicFile;

/**
 * What {@code prepare} wrote: {@code manifest.json} beside the shards. Written last, so a folder
 * with a manifest is a finished one.
 *
 * @param location the folder holding this manifest (set from where it was read)
 * @param height the image height the reader delivers
 * @param mean per-channel mean of the train split, pixel values scaled to [0, 1]
 * @param std per-channel standard deviation of the train split, same scale
 */
public record Manifest(
    int formatVersion,
    String location,
    String source,
    Layout layout,
    List<ClassEntry> classes,
    Map<String, SplitEntry> splits,
    int height,
    int width,
    int channels,
    double[] mean,
    double[] std,
    Preprocessing preprocessing,
    List<Rejection> rejected,
    RunSummary run)
    implements Serializable {

  public static final String FILE_NAME = "manifest.json";
  static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A class: its index (position among the sorted ids), id (folder name, wnid) and name. */
  public record ClassEntry(int index, String id, String name) implements Serializable {}

  /** One split: example count, count per class id, and its shards. */
  public record SplitEntry(long examples, Map<String, Long> perClass, List<ShardEntry> shards)
      implements Serializable {}

  /** A shard file, relative to the manifest's folder, with its size and SHA-256. */
  public record ShardEntry(String path, int examples, long bytes, String sha256)
      implements Serializable {}

  /** A source file left out, and why. */
  public record Rejection(String path, String reason) implements Serializable {}

  /**
   * How the images were processed. {@code cropSize} is the side the reader delivers for resized
   * collections (0 when kept as is); {@code valSource} says where {@code val} came from: {@code
   * folders}, {@code LOC_val_solution.csv}, {@code holdout} or {@code idx}.
   */
  public record Preprocessing(
      Encoding encoding,
      int resizeShorterSide,
      int cropSize,
      int jpegQuality,
      int shardSize,
      double valFraction,
      long seed,
      int limitPerClass,
      String valSource)
      implements Serializable {}

  /** Figures of the prepare run. */
  public record RunSummary(
      long sourceFiles, long sourceBytes, long shardBytes, double seconds, double imagesPerSecond)
      implements Serializable {}

  @JsonIgnore
  public int numClasses() {
    return classes.size();
  }

  /** The split, or a ConfigException naming the splits there are. */
  public SplitEntry split(String name) {
    SplitEntry split = splits.get(name);
    if (split == null) {
      throw new ConfigException(
          "Invalid split: %s (expected one of %s in %s)", name, splits.keySet(), location);
    }
    return split;
  }

  @JsonIgnore
  public long examples(String split) {
    return split(split).examples();
  }

  Manifest at(String newLocation) {
    return new Manifest(
        formatVersion,
        newLocation,
        source,
        layout,
        classes,
        splits,
        height,
        width,
        channels,
        mean,
        std,
        preprocessing,
        rejected,
        run);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Manifest fromJson(String json) {
    try {
      return JSON.readValue(json, Manifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code <outDir>/manifest.json}. */
  public static Manifest read(String outDir, Configuration conf) {
    Path path = new Path(outDir, FILE_NAME);
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      return JSON.readValue(in, Manifest.class).at(outDir);
    } catch (FileNotFoundException e) {
      throw new ConfigException(
          "No %s in %s: the folder is not a finished prepare output (run prepare --out %s)",
          FILE_NAME, outDir, outDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  /** Writes {@code manifest.json} atomically: a reader finds the old manifest or the new one. */
  void write(Configuration conf) throws IOException {
    Path target = new Path(location, FILE_NAME);
    byte[] json = JSON.writeValueAsBytes(this);
    AtomicFile.replace(target.getFileSystem(conf), target, out -> out.write(json));
  }
}
