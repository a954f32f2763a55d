package org.resnetspark.data;

import java.io.Serializable;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Encoding;
import org.resnetspark.config.Layout;

/**
 * What {@code prepare} reads, where it writes and how it preprocesses.
 *
 * @param source the collection's root, any Hadoop file system URI
 * @param out the folder to write shards and {@code manifest.json} into; must not exist unless
 *     {@code overwrite}
 * @param resizeShorterSide resize so the shorter side has this many pixels; 0 keeps the size
 * @param shardSize examples per shard file (the last shard of a split may hold fewer)
 * @param valFraction the share of each class held out as {@code val} when the source has no
 *     validation split
 * @param limitPerClass at most this many images per class and split (0 = all), chosen with the seed
 * @param maxRejectedFraction the job fails, writing no manifest, if more than this share of the
 *     images is rejected
 */
public record PrepareOptions(
    String source,
    String out,
    Layout layout,
    Encoding encoding,
    int resizeShorterSide,
    int jpegQuality,
    int shardSize,
    double valFraction,
    long seed,
    boolean overwrite,
    int limitPerClass,
    double maxRejectedFraction)
    implements Serializable {

  public static final int DEFAULT_JPEG_QUALITY = 90;
  public static final int DEFAULT_SHARD_SIZE = 1024;
  public static final double DEFAULT_VAL_FRACTION = 0.1;
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_MAX_REJECTED_FRACTION = 0.01;

  /** The largest side the reader crops resized collections to. */
  public static final int MAX_CROP = 224;

  public PrepareOptions {
    require(
        source != null && !source.isBlank(),
        "data.source (or --source)",
        source,
        "a file system URI");
    require(out != null && !out.isBlank(), "data.shards (or --out)", out, "a file system URI");
    require(layout != null, "data.layout", layout, java.util.Arrays.toString(Layout.cliNames()));
    require(encoding != null, "data.encoding", encoding, "auto, jpeg, png or raw");
    require(resizeShorterSide >= 0, "data.resize", resizeShorterSide, "0 (as is) or a size >= 1");
    require(jpegQuality >= 1 && jpegQuality <= 100, "data.jpeg-quality", jpegQuality, "1..100");
    require(shardSize >= 1, "data.shard-size", shardSize, ">= 1");
    require(valFraction >= 0 && valFraction < 1, "data.val-fraction", valFraction, "[0, 1)");
    require(limitPerClass >= 0, "data.limit-per-class", limitPerClass, "0 (all) or >= 1");
    require(
        maxRejectedFraction >= 0 && maxRejectedFraction <= 1,
        "data.max-rejected-fraction",
        maxRejectedFraction,
        "[0, 1]");
  }

  public static PrepareOptions defaults(String source, String out) {
    return new PrepareOptions(
        source,
        out,
        Layout.AUTO,
        Encoding.AUTO,
        0,
        DEFAULT_JPEG_QUALITY,
        DEFAULT_SHARD_SIZE,
        DEFAULT_VAL_FRACTION,
        DEFAULT_SEED,
        false,
        0,
        DEFAULT_MAX_REJECTED_FRACTION);
  }

  public PrepareOptions withLayout(Layout value) {
    return new PrepareOptions(
        source,
        out,
        value,
        encoding,
        resizeShorterSide,
        jpegQuality,
        shardSize,
        valFraction,
        seed,
        overwrite,
        limitPerClass,
        maxRejectedFraction);
  }

  public PrepareOptions withEncoding(Encoding value) {
    return new PrepareOptions(
        source,
        out,
        layout,
        value,
        resizeShorterSide,
        jpegQuality,
        shardSize,
        valFraction,
        seed,
        overwrite,
        limitPerClass,
        maxRejectedFraction);
  }

  public PrepareOptions withResizeShorterSide(int value) {
    return new PrepareOptions(
        source,
        out,
        layout,
        encoding,
        value,
        jpegQuality,
        shardSize,
        valFraction,
        seed,
        overwrite,
        limitPerClass,
        maxRejectedFraction);
  }

  public PrepareOptions withJpegQuality(int value) {
    return new PrepareOptions(
        source,
        out,
        layout,
        encoding,
        resizeShorterSide,
        value,
        shardSize,
        valFraction,
        seed,
        overwrite,
        limitPerClass,
        maxRejectedFraction);
  }

  public PrepareOptions withShardSize(int value) {
    return new PrepareOptions(
        source,
        out,
        layout,
        encoding,
        resizeShorterSide,
        jpegQuality,
        value,
        valFraction,
        seed,
        overwrite,
        limitPerClass,
        maxRejectedFraction);
  }

  public PrepareOptions withValFraction(double value) {
    return new PrepareOptions(
        source,
        out,
        layout,
        encoding,
        resizeShorterSide,
        jpegQuality,
        shardSize,
        value,
        seed,
        overwrite,
        limitPerClass,
        maxRejectedFraction);
  }

  public PrepareOptions withSeed(long value) {
    return new PrepareOptions(
        source,
        out,
        layout,
        encoding,
        resizeShorterSide,
        jpegQuality,
        shardSize,
        valFraction,
        value,
        overwrite,
        limitPerClass,
        maxRejectedFraction);
  }

  public PrepareOptions withLimitPerClass(int value) {
    return new PrepareOptions(
        source,
        out,
        layout,
        encoding,
        resizeShorterSide,
        jpegQuality,
        shardSize,
        valFraction,
        seed,
        overwrite,
        value,
        maxRejectedFraction);
  }

  public PrepareOptions withMaxRejectedFraction(double value) {
    return new PrepareOptions(
        source,
        out,
        layout,
        encoding,
        resizeShorterSide,
        jpegQuality,
        shardSize,
        valFraction,
        seed,
        overwrite,
        limitPerClass,
        value);
  }

  /** The same options, replacing an existing output folder. */
  public PrepareOptions overwriting() {
    return new PrepareOptions(
        source,
        out,
        layout,
        encoding,
        resizeShorterSide,
        jpegQuality,
        shardSize,
        valFraction,
        seed,
        true,
        limitPerClass,
        maxRejectedFraction);
  }

  /**
   * The side of the square images the reader delivers for resized collections: 7/8 of the stored
   * shorter side (256 -> 224, the ImageNet convention), at most 224.
   */
  int cropSizeForResized() {
    return Math.max(1, Math.min(MAX_CROP, resizeShorterSide * 7 / 8));
  }

  /** The least {@code data.resize} whose crop ({@link #cropSizeForResized}) is {@code crop}. */
  public static int resizeForCrop(int crop) {
    if (crop < 1 || crop > MAX_CROP) {
      throw new IllegalArgumentException("crop " + crop + " is not 1 to " + MAX_CROP);
    }
    int resize = (crop * 8 + 6) / 7;
    while (resize * 7 / 8 < crop) {
      resize++;
    }
    return resize;
  }

  private static void require(boolean ok, String argument, Object value, String allowed) {
    if (!ok) {
      throw new ConfigException("Invalid %s: %s (expected %s)", argument, value, allowed);
    }
  }
}
