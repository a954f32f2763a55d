package org.resnetspark.retrain;

import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.resnetspark.checkpoint.Pointer;

/**
 * The {@code champion} file of a retrain pipeline: the path of the checkpoint that serving and the
 * next retrain use. Replaced as the {@link Pointer}s {@code latest} and {@code best} are, so a
 * reader sees the old champion or the new one, never none.
 */
public final class Champion {
  public static final String FILE_NAME = "champion";
  private final Pointer pointer;

  private Champion(Pointer pointer) {
    this.pointer = pointer;
  }

  public static Champion of(String pipelineRoot, Configuration conf) throws IOException {
    Path root = new Path(pipelineRoot);
    return new Champion(new Pointer(root.getFileSystem(conf), root, FILE_NAME));
  }

  /** The checkpoint directory the pointer names, if there is a champion. */
  public Optional<String> read() throws IOException {
    return pointer.read();
  }

  /** Points the champion at a checkpoint directory. */
  public void promote(String checkpointDir) throws IOException {
    pointer.pointAt(checkpointDir);
  }
}
