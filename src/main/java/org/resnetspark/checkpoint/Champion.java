package org.resnetspark.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The {@code champion} file of a retrain pipeline: the path of the checkpoint that serving and the
 * next retrain use. It is replaced with one rename that overwrites (atomic on HDFS and local
 * disks), so a reader sees the old champion or the new one, never none.
 */
public final class Champion {
  public static final String FILE_NAME = "champion";
  private final FileContext files;
  private final Path file;

  private Champion(FileContext files, Path file) {
    this.files = files;
    this.file = file;
  }

  public static Champion of(String pipelineRoot, Configuration conf) throws IOException {
    Path file = new Path(pipelineRoot, FILE_NAME);
    return new Champion(FileContext.getFileContext(file.toUri(), conf), file);
  }

  /** The checkpoint directory the pointer names, if there is a champion. */
  public Optional<String> read() throws IOException {
    if (!files.util().exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = files.open(file)) {
      String path = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return path.isEmpty() ? Optional.empty() : Optional.of(path);
    }
  }

  /** Points the champion at a checkpoint directory. */
  public void promote(String checkpointDir) throws IOException {
    Path tmp = new Path(file.getParent(), "." + FILE_NAME + ".tmp-" + UUID.randomUUID());
    try (FSDataOutputStream out =
        files.create(tmp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write(checkpointDir.getBytes(StandardCharsets.UTF_8));
    }
    files.rename(tmp, file, Options.Rename.OVERWRITE);
  }
}
