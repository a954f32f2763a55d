package org.resnetspark.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.resnetspark.files.AtomicFile;

/**
 * A small file naming a checkpoint directory ({@code latest}, {@code best}). Replaced atomically
 * ({@link AtomicFile}), so a reader sees the old or the new name.
 */
public final class Pointer {
  private final FileSystem fs;
  private final Path file;

  public Pointer(FileSystem fs, Path root, String name) {
    this.fs = fs;
    this.file = new Path(root, name);
  }

  public Optional<String> read() throws IOException {
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      String name = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
  }

  public void pointAt(String directory) throws IOException {
    AtomicFile.replace(fs, file, out -> out.write(directory.getBytes(StandardCharsets.UTF_8)));
  }
}
