package org.resnetspark.job;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.resnetspark.files.AtomicFile;

/**
 * A run's folder, {@code <work-dir>/runs/<run-id>/}: its id is the folder's name; it holds the
 * configuration the run trained with ({@code config.json}), its checkpoints and its notes (such as
 * divergence rollbacks).
 */
final class RunDirectory {
  static final String CONFIG = "config.json";

  private final String path;
  private final Configuration hadoop;

  RunDirectory(String path, Configuration hadoop) {
    this.path = path;
    this.hadoop = hadoop;
  }

  String path() {
    return path;
  }

  String runId() {
    return new Path(path).getName();
  }

  /** Records the configuration the run trains with; a resumed run rewrites it. */
  void writeConfig(String json) throws IOException {
    writeText(CONFIG, json);
  }

  /** Writes (or replaces) a text file in the run's folder. */
  void writeText(String fileName, String text) throws IOException {
    AtomicFile.replaceText(hadoop, new Path(path, fileName), text);
  }
}
