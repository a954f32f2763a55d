package org.resnetspark.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes generated source trees to a local folder. */
final class TestTrees {
  private TestTrees() {}

  static void write(Path root, String relative, byte[] bytes) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * train/{apple,banana,cherry}, six readable 20x16 images each (apple PNG, banana JPEG, BMP and
   * GIF, cherry grey PNG) plus one bad file each: empty, not an image, truncated JPEG.
   */
  static void classFolders(Path root) {
    for (int i = 0; i < 6; i++) {
      write(root, "train/apple/a" + i + ".png", TestImages.rgb(20, 16, i, "png"));
      String format = i < 3 ? "jpeg" : i < 5 ? "bmp" : "gif";
      write(root, "train/banana/b" + i + "." + format, TestImages.rgb(20, 16, 10 + i, format));
      write(root, "train/cherry/c" + i + ".png", TestImages.grey(20, 16, 20 + i, "png"));
    }
    write(root, "train/apple/empty.png", new byte[0]);
    write(root, "train/banana/notes.txt", "not an image".getBytes());
    write(root, "train/cherry/cut.jpg", TestImages.truncatedJpeg(64, 64, 99));
  }
}
