package org.resnetspark.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.resnetspark.config.ConfigException;

/**
 * The benchmark's photographs, as ImageNet's are: about 500x375 JPEGs at quality 90. Built by
 * cutting random 4:3 windows from the sample photographs of Debian's {@code python3-skimage} and
 * rescaling them, or taken from a folder of JPEGs; either way laid out as class folders {@code
 * train/c<k>/}.
 */
final class Photographs {
  /** Where Debian's python3-skimage keeps its sample images. */
  static final Path SKIMAGE_DATA = Path.of("/usr/lib/python3/dist-packages/skimage/data");

  /** The photographs among them (the rest are test patterns, text and tiny fixtures). */
  static final List<String> SAMPLES =
      List.of(
          "astronaut.png",
          "chelsea.png",
          "coffee.png",
          "motorcycle_left.png",
          "motorcycle_right.png",
          "rocket.jpg",
          "retina.jpg",
          "hubble_deep_field.jpg",
          "ihc.png",
          "camera.png",
          "moon.png",
          "coins.png",
          "grass.png",
          "gravel.png",
          "brick.png");

  static final int CLASSES = 10;

  private Photographs() {}

  /** Writes {@code count} photographs cut from the skimage samples under {@code root}. */
  static List<Path> fromSamples(Path samples, Path root, int count) {
    List<BufferedImage> sources = new ArrayList<>();
    for (String name : SAMPLES) {
      Path file = samples.resolve(name);
      if (Files.isRegularFile(file)) {
        sources.add(read(file));
      }
    }
    if (sources.isEmpty()) {
      throw new ConfigException(
          "No sample photographs in %s: install Debian's python3-skimage (apt-get install"
              + " python3-skimage) or pass --photos DIR (a folder of JPEG photographs)",
          samples);
    }
    Random random = new Random(1);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BufferedImage photo = cut(sources.get(i % sources.size()), random);
      Path file = root.resolve("train/c" + (i % CLASSES) + "/" + i + ".jpg");
      write(photo, file);
      files.add(file);
    }
    return files;
  }

  /** Copies the JPEGs found under {@code dir} (at most {@code count}) under {@code root}. */
  static List<Path> fromFolder(Path dir, Path root, int count) {
    List<Path> jpegs;
    try (Stream<Path> walk = Files.walk(dir)) {
      jpegs =
          walk.filter(Files::isRegularFile)
              .filter(
                  p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"))
              .sorted()
              .limit(count)
              .toList();
    } catch (IOException e) {
      throw new ConfigException("Invalid --photos: %s cannot be read (%s)", dir, e.getMessage());
    }
    if (jpegs.size() < CLASSES) {
      throw new ConfigException(
          "Invalid --photos: %s holds %d JPEG files (expected at least %d)",
          dir, jpegs.size(), CLASSES);
    }
    List<Path> files = new ArrayList<>();
    try {
      for (int i = 0; i < jpegs.size(); i++) {
        Path file = root.resolve("train/c" + (i % CLASSES) + "/" + i + ".jpg");
        Files.createDirectories(file.getParent());
        Files.copy(jpegs.get(i), file);
        files.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** A random window of 4:3 or 3:4, at least half the photograph's size, scaled to 500x375. */
  private static BufferedImage cut(BufferedImage source, Random random) {
    boolean landscape = random.nextInt(4) > 0;
    int outW = landscape ? 500 : 375;
    int outH = landscape ? 375 : 500;
    double fit = Math.min(source.getWidth() / (double) outW, source.getHeight() / (double) outH);
    double scale = fit * (0.5 + 0.5 * random.nextDouble());
    int w = Math.max(1, (int) (outW * scale));
    int h = Math.max(1, (int) (outH * scale));
    int x = random.nextInt(source.getWidth() - w + 1);
    int y = random.nextInt(source.getHeight() - h + 1);
    BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    boolean flip = random.nextBoolean();
    g.drawImage(source, flip ? outW : 0, 0, flip ? 0 : outW, outH, x, y, x + w, y + h, null);
    g.dispose();
    return out;
  }

  private static BufferedImage read(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new IOException("not an image");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read sample photograph " + file, e);
    }
  }

  private static void write(BufferedImage image, Path file) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      Files.createDirectories(file.getParent());
      try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
        writer.setOutput(out);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        writer.write(null, new IIOImage(image, null, null), param);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }
}
