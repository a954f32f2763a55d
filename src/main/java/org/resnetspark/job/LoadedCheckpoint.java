package org.resnetspark.job;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigException;

/**
 * A checkpoint given on the command line ({@code evaluate}, {@code predict}), loaded after its
 * model file passed the SHA-256 check of its state; a missing or failing checkpoint is a
 * ConfigException saying what to use instead.
 */
public record LoadedCheckpoint(Checkpoint checkpoint, ComputationGraph network) {

  public static LoadedCheckpoint verified(String checkpointDir, Configuration hadoop)
      throws IOException {
    Checkpoint checkpoint = read(checkpointDir, hadoop);
    CheckpointStore store = CheckpointStore.open(checkpointDir, hadoop);
    if (!store.verify(checkpoint)) {
      throw new ConfigException(
          "Invalid --checkpoint: %s (its model.zip fails the SHA-256 check recorded in state.json;"
              + " use another checkpoint of the run)",
          checkpointDir);
    }
    return new LoadedCheckpoint(checkpoint, store.load(checkpoint));
  }

  /** The number of classes the network predicts. */
  public long outputs() {
    return ((FeedForwardLayer) network.getOutputLayer(0).conf().getLayer()).getNOut();
  }

  /** The checkpoint in a folder holding {@code model.zip} and {@code state.json}. */
  static Checkpoint read(String dir, Configuration conf) throws IOException {
    Path state = new Path(dir, "state.json");
    try (InputStream in = state.getFileSystem(conf).open(state)) {
      return new Checkpoint(dir, CheckpointState.read(in, state.toString()));
    } catch (FileNotFoundException e) {
      throw new ConfigException(
          "Invalid --checkpoint: %s (expected a checkpoint folder holding model.zip and"
              + " state.json, such as <work-dir>/runs/<run-id>/checkpoints/epoch-0001)",
          dir);
    }
  }
}
