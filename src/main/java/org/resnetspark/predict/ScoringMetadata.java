package org.resnetspark.predict;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigFactory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.config.ConfigException;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.Scoring;

/**
 * What scoring with a checkpoint needs: from its {@code state.json} (format version 2 on), or, for
 * a checkpoint written before, from the manifest its run trained on ({@code data.shards} of the
 * run's saved {@code config.json}). Without either the checkpoint cannot be scored, and the message
 * says how to get one that can.
 */
final class ScoringMetadata {
  private ScoringMetadata() {}

  static Scoring of(Checkpoint checkpoint, Configuration hadoop) throws IOException {
    if (checkpoint.state().scoring() != null) {
      return checkpoint.state().scoring();
    }
    Path runDir = new Path(checkpoint.path()).getParent().getParent();
    Path config = new Path(runDir, "config.json");
    String shards;
    try (InputStream in = config.getFileSystem(hadoop).open(config)) {
      Config saved =
          ConfigFactory.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      shards = saved.getString("data.shards");
    } catch (FileNotFoundException | Missing e) {
      throw unscoreable(checkpoint, "its run has no " + config + " naming data.shards");
    }
    Path manifest = new Path(shards, Manifest.FILE_NAME);
    if (!manifest.getFileSystem(hadoop).exists(manifest)) {
      throw unscoreable(checkpoint, "the manifest its run trained on, " + manifest + ", is gone");
    }
    return Scoring.of(Manifest.read(shards, hadoop));
  }

  private static ConfigException unscoreable(Checkpoint checkpoint, String why) {
    return new ConfigException(
        "Invalid --checkpoint: %s was written before checkpoints carried what scoring needs"
            + " (normalisation, input size, classes), and %s. Put the prepared data back where"
            + " the run's config.json says, or write a scoreable checkpoint with this build:"
            + " train --resume <run-dir> --set train.epochs=<one more> --allow-config-change",
        checkpoint.path(), why);
  }
}
