package org.resnetspark.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A small file naming a checkpoint directory ({@code latest}, {@code best}). Replaced by writing a
 * temporary file and renaming it over the old one, so a reader sees the old or the new name.
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
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp-" + UUID.randomUUID());
    FileWrite.create(fs, tmp, out -> out.write(directory.getBytes(StandardCharsets.UTF_8)));
    // One rename that replaces the old file (atomic on HDFS and local disks; FileSystem.rename
    // would refuse to overwrite), so a reader never finds the pointer missing.
    FileContext.getFileContext(fs.getUri(), fs.getConf())
        .rename(fs.makeQualified(tmp), fs.makeQualified(file), Options.Rename.OVERWRITE);
  }
}
