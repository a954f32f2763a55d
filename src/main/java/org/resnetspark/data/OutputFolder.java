package org.resnetspark.data;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.resnetspark.config.ConfigException;

/** Checks and clears the output folder before any work starts. */
final class OutputFolder {
  private OutputFolder() {}

  /** Fails if {@code out} exists and is not empty, unless {@code overwrite}; then deletes it. */
  static void claim(PrepareOptions options, Configuration conf) throws IOException {
    Path out = new Path(options.out());
    FileSystem fs = out.getFileSystem(conf);
    String outPath = fs.makeQualified(out).toString() + "/";
    Path source = new Path(options.source());
    String sourcePath = source.getFileSystem(conf).makeQualified(source).toString() + "/";
    if (sourcePath.startsWith(outPath) || outPath.startsWith(sourcePath)) {
      throw new ConfigException(
          "Invalid --out: %s overlaps --source %s (expected a folder outside the source)",
          options.out(), options.source());
    }
    if (!fs.exists(out)
        || (fs.getFileStatus(out).isDirectory() && fs.listStatus(out).length == 0)) {
      return;
    }
    if (!options.overwrite()) {
      throw new ConfigException(
          "Invalid --out: %s already exists (expected a new folder; pass --overwrite to replace"
              + " it)",
          options.out());
    }
    fs.delete(out, true);
  }
}
