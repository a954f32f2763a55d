package org.resnetspark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.resnetspark.config.ConfigException;

/**
 * The ceiling the reader is measured against: libjpeg-turbo's {@code djpeg} run once per file, one
 * file after another (so on one core), process start included.
 */
final class Djpeg {
  private Djpeg() {}

  /** Images per second of {@code djpeg} over {@code files}. */
  static double imagesPerSecond(List<Path> files) {
    long start = System.nanoTime();
    for (Path file : files) {
      run(file);
    }
    return files.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static void run(Path file) {
    Process process;
    try {
      process =
          new ProcessBuilder("djpeg", "-outfile", "/dev/null", file.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new ConfigException(
          "djpeg cannot be run (%s): install Debian's libjpeg-turbo-progs (apt-get install"
              + " libjpeg-turbo-progs)",
          e.getMessage());
    }
    try {
      int code = process.waitFor();
      if (code != 0) {
        throw new UncheckedIOException(
            new IOException("djpeg exited with " + code + " on " + file));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running djpeg", e);
    }
  }
}
