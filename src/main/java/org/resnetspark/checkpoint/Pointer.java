package org.resnetspark.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A small file naming a checkpoint directory ({@code latest}, {@code best}). Replaced by writing a
 * temporary file and renaming it over the old one, so a reader sees the old or the new name.
 */
final class Pointer {
  private final FileSystem fs;
  private final Path file;

  Pointer(FileSystem fs, Path root, String name) {
    this.fs = fs;
    this.file = new Path(root, name);
  }

  Optional<String> read() throws IOException {
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      String name = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
  }

  void pointAt(String directory) throws IOException {
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp-" + UUID.randomUUID());
    FileWrite.create(fs, tmp, out -> out.write(directory.getBytes(StandardCharsets.UTF_8)));
    // HDFS rename does not replace an existing file; a reader between the two steps finds no
    // pointer and falls back to scanning for the newest complete checkpoint.
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) {
      throw new IOException("Could not rename " + tmp + " to " + file);
    }
  }
}
