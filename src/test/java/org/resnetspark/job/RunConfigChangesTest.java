package org.resnetspark.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.resnetspark.config.ConfigLoader;

/** What counts as a change when a run is resumed with the configuration it was saved with. */
class RunConfigChangesTest {
  private static final Config DEFAULTS = ConfigLoader.resolve(null, List.of());

  @Test
  void aKeyAddedSinceAtItsDefaultIsNoChange() {
    String saved = ConfigLoader.toJson(DEFAULTS.withoutPath("checkpoint.every-rounds"));
    String now = ConfigLoader.toJson(DEFAULTS);

    assertThat(RunConfig.changes(saved, now)).isEmpty();
  }

  @Test
  void aKeyAddedSinceSetToAnotherValueIsAChange() {
    String saved = ConfigLoader.toJson(DEFAULTS.withoutPath("checkpoint.every-rounds"));
    String now =
        ConfigLoader.toJson(
            DEFAULTS.withValue("checkpoint.every-rounds", ConfigValueFactory.fromAnyRef(7)));

    assertThat(RunConfig.changes(saved, now))
        .containsOnlyKeys("checkpoint.every-rounds")
        .containsValue("null -> 7");
  }

  @Test
  void aSavedKeyGivenAnotherValueIsAChangeEvenIfItIsTheDefault() {
    String saved =
        ConfigLoader.toJson(
            DEFAULTS.withValue("train.averaging-frequency", ConfigValueFactory.fromAnyRef(20)));
    String now = ConfigLoader.toJson(DEFAULTS);

    assertThat(RunConfig.changes(saved, now)).containsOnlyKeys("train.averaging-frequency");
  }
}
