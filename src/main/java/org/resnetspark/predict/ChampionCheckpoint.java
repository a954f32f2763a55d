package org.resnetspark.predict;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.resnetspark.config.ConfigException;
import org.resnetspark.retrain.Champion;

/** {@code --champion}: the checkpoint the retraining pipeline at {@code retrain.root} promoted. */
public final class ChampionCheckpoint {
  private ChampionCheckpoint() {}

  public static String of(String pipelineRoot, Configuration hadoop) throws IOException {
    return Champion.of(pipelineRoot, hadoop)
        .read()
        .orElseThrow(
            () ->
                new ConfigException(
                    "Invalid --champion: no champion in %s (retrain.root); run resnet-spark"
                        + " retrain to start the pipeline there, set retrain.root to the"
                        + " pipeline's folder, or give --checkpoint",
                    pipelineRoot));
  }
}
