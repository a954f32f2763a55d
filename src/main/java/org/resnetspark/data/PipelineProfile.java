package org.resnetspark.data;

import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYCOLOR;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.Encoding;

/**
 * Where prepare's and the reader's time goes, stage by stage, on one thread: milliseconds per image
 * for each decoder. Prepare's stages run on source files, the reader's on a prepared train split
 * with ImageNet augmentation, as training reads it.
 */
public final class PipelineProfile {
  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new LinkedHashMap<>();

  private PipelineProfile() {}

  /** Stage name to milliseconds per image, in the order the stages run. */
  public static Map<String, Double> run(List<Path> sources, Manifest manifest, int shorterSide) {
    PipelineProfile profile = new PipelineProfile();
    try {
      profile.prepare(sources, shorterSide, manifest.preprocessing().jpegQuality());
      profile.reader(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Double> perImage = new LinkedHashMap<>();
    profile.nanos.forEach((stage, n) -> perImage.put(stage, n / 1e6 / profile.counts.get(stage)));
    return perImage;
  }

  private void prepare(List<Path> sources, int side, int quality) throws IOException {
    for (Path file : sources) {
      long t = System.nanoTime();
      byte[] bytes = Files.readAllBytes(file);
      t = time("prepare.readFile", t);
      try {
        Pixels decoded = ImageCodec.decode(bytes);
        t = time("prepare.java.decode", t);
        Pixels resized = decoded.resizeShorterSide(side);
        t = time("prepare.java.resize", t);
        ImageCodec.encode(resized, Encoding.JPEG, quality);
        time("prepare.java.encode", t);
      } catch (RejectedImageException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
      try (PointerScope scope = new PointerScope()) {
        t = System.nanoTime();
        Size size = JpegSize.of(bytes);
        Size target = Size.shorterSide(size.height(), size.width(), side);
        Mat image = OpenCvImages.decode(bytes, IMREAD_ANYCOLOR, JpegSize.reduction(size, target));
        t = time("prepare.opencv.decode", t);
        Mat resized = OpenCvImages.scaled(image, target);
        t = time("prepare.opencv.resize", t);
        OpenCvImages.encode(resized, Encoding.JPEG, quality);
        t = time("prepare.opencv.encode", t);
        OpenCvImages.sums(resized);
        time("prepare.opencv.statistics", t);
      }
    }
  }

  private void reader(Manifest manifest) throws IOException {
    ShardInput input = ShardInput.of(manifest, SourcePlan.TRAIN, Augmentation.IMAGENET, 1);
    ShardLoader loader = (ShardLoader) input.loader();
    Augmenter augmenter = loader.augmenter();
    Normalisation normalisation = Normalisation.of(loader.mean(), loader.std());
    int channels = loader.channels();
    float[] out = new float[channels * augmenter.height() * augmenter.width()];
    Configuration conf = new Configuration();
    List<StoredExample> rows = new ArrayList<>();
    for (String path : input.paths()) {
      ShardPath shard = ShardPath.parse(path);
      long t = System.nanoTime();
      List<StoredExample> read = ShardReader.read(shard.file(), shard.from(), shard.to(), conf);
      nanos.merge("reader.parquetRead", System.nanoTime() - t, Long::sum);
      counts.merge("reader.parquetRead", read.size(), Integer::sum);
      rows.addAll(read);
    }
    for (StoredExample row : rows) {
      Window window =
          augmenter.window(new Size(row.height(), row.width()), new Random(row.key().hashCode()));
      long t = System.nanoTime();
      Pixels stored =
          ImageCodec.decodeStored(
              row.image(), row.encoding(), row.height(), row.width(), row.channels());
      t = time("reader.java.decode", t);
      Pixels scaled = stored.resize(window.scaled().height(), window.scaled().width());
      t = time("reader.java.resize", t);
      Pixels crop = scaled.crop(window.top(), window.left(), window.height(), window.width());
      crop = window.flip() ? crop.flipHorizontally() : crop;
      t = time("reader.java.cropAndFlip", t);
      new JavaImages().normalise(crop, channels, normalisation, out, 0);
      time("reader.java.toFloatAndNormalise", t);
      try (PointerScope scope = new PointerScope()) {
        t = System.nanoTime();
        Mat image = OpenCvImages.stored(row, channels, window.scaled());
        t = time("reader.opencv.decode", t);
        Mat resized = OpenCvImages.scaled(image, window.scaled());
        t = time("reader.opencv.resize", t);
        Mat cropped = OpenCvImages.crop(resized, window);
        if (window.flip()) {
          Mat flipped = new Mat();
          flip(cropped, flipped, 1);
          cropped = flipped;
        }
        t = time("reader.opencv.cropAndFlip", t);
        OpenCvImages.planes(cropped, channels, normalisation, out, 0);
        time("reader.opencv.toFloatAndNormalise", t);
      }
    }
  }

  /** Adds the time since {@code start} to {@code stage}; returns now. */
  private long time(String stage, long start) {
    long now = System.nanoTime();
    nanos.merge(stage, now - start, Long::sum);
    counts.merge(stage, 1, Integer::sum);
    return now;
  }
}
