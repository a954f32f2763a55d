package org.resnetspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;

/**
 * The configuration a retrain generation trains with, derived from the pipeline's: every generation
 * trains on its combined shards; after the first, it fine-tunes the champion with the retrain
 * schedule ({@code retrain.epochs}, {@code learning-rate}, {@code schedule}, {@code warmup-epochs}
 * in place of {@code train.*}'s). Its settings and its JSON (the run's {@code config.json} and
 * {@code runs.config}) come from the same derived tree, so they cannot disagree.
 */
public final class GenerationConfig {
  private GenerationConfig() {}

  /** The first generation: {@code train.*} as configured, on the generation's shards. */
  public static ResolvedConfig firstModel(ResolvedConfig pipeline, String shardsDir) {
    return read(onShards(parse(pipeline), shardsDir));
  }

  /** A later generation: fine-tuning with the retrain schedule, on the generation's shards. */
  public static ResolvedConfig fineTuning(ResolvedConfig pipeline, String shardsDir) {
    Config c = onShards(parse(pipeline), shardsDir);
    c =
        c.withValue("train.epochs", c.getValue("retrain.epochs"))
            .withValue("train.learning-rate", c.getValue("retrain.learning-rate"))
            .withValue("train.schedule.type", c.getValue("retrain.schedule"))
            .withValue("train.schedule.milestones", ConfigValueFactory.fromIterable(List.of()))
            .withValue("train.schedule.warmup-epochs", c.getValue("retrain.warmup-epochs"))
            // Fine-tuning starts from a trained champion: the from-scratch warm-up has no place.
            .withValue("train.schedule.warmup-until-error", ConfigValueFactory.fromAnyRef(0))
            .withValue("train.schedule.warmup-rounds", ConfigValueFactory.fromAnyRef(0));
    return read(c);
  }

  private static Config parse(ResolvedConfig pipeline) {
    return ConfigFactory.parseString(pipeline.json()).resolve();
  }

  private static Config onShards(Config c, String shardsDir) {
    return c.withValue("data.shards", ConfigValueFactory.fromAnyRef(shardsDir));
  }

  private static ResolvedConfig read(Config c) {
    return new ResolvedConfig(SettingsReader.read(c), ConfigLoader.toJson(c));
  }
}
