package org.resnetspark.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Encoding;

/** The Fashion-MNIST files of the product demo, and their conversion to a class-folder tree. */
public final class FashionMnist {
  public static final String ENV = "RESNET_SPARK_FASHION_MNIST";
  public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz");

  private FashionMnist() {}

  /**
   * {@code $RESNET_SPARK_FASHION_MNIST} when set, else {@code /usr/share/datasets/fashion-mnist}.
   */
  public static Path defaultDir() {
    String override = System.getenv(ENV);
    return override == null || override.isBlank() ? SYSTEM_DIR : Path.of(override);
  }

  /** Throws a ConfigException saying how to get the files unless all four are in {@code dir}. */
  public static void requireFiles(Path dir) {
    List<String> missing =
        FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
    if (!missing.isEmpty()) {
      throw new ConfigException(
          "Fashion-MNIST files missing in %s: %s. Install them with 'apt-get install"
              + " dataset-fashion-mnist', or set %s to a folder holding %s",
          dir, missing, ENV, FILES);
    }
  }

  /** The folder name of a class: its label and name, so the sorted order is the label order. */
  public static String folderName(int label) {
    String name = IdxLayout.FASHION_NAMES.get(label).toLowerCase(Locale.ROOT);
    return label + "-" + name.replaceAll("[^a-z]+", "-");
  }

  /**
   * Writes {@code <root>/train/<class>/<n>.png} and {@code <root>/val/<class>/<n>.png}: the first
   * {@code perClassTrain} train images and {@code perClassVal} test images of each class.
   */
  public static void writeClassFolders(Path idxDir, Path root, int perClassTrain, int perClassVal) {
    requireFiles(idxDir);
    try {
      writeSplit(idxDir, "train", root.resolve("train"), perClassTrain);
      writeSplit(idxDir, "t10k", root.resolve("val"), perClassVal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeSplit(Path idxDir, String prefix, Path splitDir, int perClass)
      throws IOException {
    byte[] labels;
    String labelsName = prefix + "-labels-idx1-ubyte.gz";
    try (InputStream in = Files.newInputStream(idxDir.resolve(labelsName));
        IdxFile file = IdxFile.open(in, labelsName)) {
      labels = file.readAll();
    }
    int[] written = new int[IdxLayout.FASHION_NAMES.size()];
    int remaining = perClass * written.length;
    String imagesName = prefix + "-images-idx3-ubyte.gz";
    try (InputStream in = Files.newInputStream(idxDir.resolve(imagesName));
        IdxFile images = IdxFile.open(in, imagesName)) {
      for (int i = 0; i < images.count() && remaining > 0; i++) {
        byte[] pixels = images.next();
        int label = labels[i] & 0xff;
        if (written[label] < perClass) {
          Path file = splitDir.resolve(folderName(label)).resolve(i + ".png");
          Files.createDirectories(file.getParent());
          Pixels image = new Pixels(pixels, images.rows(), images.cols(), 1);
          Files.write(file, ImageCodec.encode(image, Encoding.PNG, 0));
          written[label]++;
          remaining--;
        }
      }
    }
  }
}
