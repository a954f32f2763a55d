package org.resnetspark.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationConfigTest {
  private final ResolvedConfig pipeline =
      ConfigLoader.loadWithJson(
          null,
          List.of(
              "train.epochs=30",
              "train.learning-rate=0.1",
              "train.schedule.type=step",
              "train.schedule.milestones=[10, 20]",
              "train.schedule.warmup-epochs=2",
              "train.schedule.warmup-until-error=0.8",
              "train.schedule.warmup-rounds=400",
              "retrain.epochs=3",
              "retrain.learning-rate=0.01",
              "retrain.schedule=constant",
              "retrain.warmup-epochs=0.5",
              "data.shards=/srv/shards"));

  @Test
  void aFineTuningGenerationTrainsAndRecordsTheRetrainSchedule() {
    ResolvedConfig g = GenerationConfig.fineTuning(pipeline, "/srv/pipeline/gen-0002/shards");

    TrainSettings t = g.settings().train();
    assertThat(t.epochs()).isEqualTo(3);
    assertThat(t.learningRate()).isEqualTo(0.01);
    assertThat(t.schedule().type()).isEqualTo(ScheduleType.CONSTANT);
    assertThat(t.schedule().milestones()).isEmpty();
    assertThat(t.schedule().warmupEpochs()).isEqualTo(0.5);
    // A champion is trained already: the from-scratch warm-up does not apply.
    assertThat(t.schedule().errorWarmup().enabled()).isFalse();
    assertThat(t.schedule().factor()).isEqualTo(pipeline.settings().train().schedule().factor());
    assertThat(t.momentum()).isEqualTo(pipeline.settings().train().momentum());
    assertThat(g.settings().data().shards()).isEqualTo("/srv/pipeline/gen-0002/shards");

    // What the run records (config.json, runs.config) says the same.
    Config recorded = ConfigFactory.parseString(g.json());
    assertThat(recorded.getInt("train.epochs")).isEqualTo(3);
    assertThat(recorded.getDouble("train.learning-rate")).isEqualTo(0.01);
    assertThat(recorded.getString("train.schedule.type")).isEqualTo("constant");
    assertThat(recorded.getDoubleList("train.schedule.milestones")).isEmpty();
    assertThat(recorded.getDouble("train.schedule.warmup-epochs")).isEqualTo(0.5);
    assertThat(recorded.getString("data.shards")).isEqualTo("/srv/pipeline/gen-0002/shards");
    assertThat(ConfigLoader.loadWithJson(null, List.of()).settings().train().epochs())
        .isNotEqualTo(3);
  }

  @Test
  void theFirstGenerationTrainsAsConfiguredOnItsShards() {
    ResolvedConfig g = GenerationConfig.firstModel(pipeline, "/srv/pipeline/gen-0001/shards");

    assertThat(g.settings().train()).isEqualTo(pipeline.settings().train());
    assertThat(g.settings().data().shards()).isEqualTo("/srv/pipeline/gen-0001/shards");
    Config recorded = ConfigFactory.parseString(g.json());
    assertThat(recorded.getInt("train.epochs")).isEqualTo(30);
    assertThat(recorded.getString("data.shards")).isEqualTo("/srv/pipeline/gen-0001/shards");
  }
}
