package org.resnetspark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsAreValid() {
    Settings s = ConfigLoader.defaults();
    assertThat(s.model().variant()).isEqualTo("resnet20");
    assertThat(s.train().averagingFrequency()).isEqualTo(5);
    assertThat(s.storage().catalog().uri()).startsWith("jdbc:sqlite:").endsWith("/catalog.db");
    assertThat(s.data().shards()).isEqualTo(s.storage().workDir() + "/shards");
  }

  @Test
  void overridesBeatFileWhichBeatsDefaults() throws Exception {
    Path file = write("train { epochs = 7, batch-size-per-worker = 16 }\nmodel.variant = resnet56");
    Settings s = ConfigLoader.load(file, List.of("train.epochs=3", "spark.master=local[4]"));
    assertThat(s.train().epochs()).isEqualTo(3);
    assertThat(s.train().batchSizePerWorker()).isEqualTo(16);
    assertThat(s.model().variant()).isEqualTo("resnet56");
    assertThat(s.spark().master()).isEqualTo("local[4]");
    assertThat(s.train().momentum()).isEqualTo(0.9);
  }

  @Test
  void retrainDefaultsFollowTheWorkDirAndDataSource() {
    RetrainSettings r =
        ConfigLoader.load(null, List.of("storage.work-dir=/srv/resnet", "data.source=/img"))
            .retrain();
    assertThat(r.root()).isEqualTo("/srv/resnet/pipeline");
    assertThat(r.source()).isEqualTo("/img");
    assertThat(r.metric()).isEqualTo(Metric.TOP1);
    assertThat(r.schedule()).isEqualTo(ScheduleType.COSINE);
  }

  @Test
  void retrainSettingsAreValidated() {
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("retrain.metric=f1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid retrain.metric: 'f1' (expected one of top1, top5, loss)");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, List.of("retrain.lock-timeout-s=60", "retrain.heartbeat-s=40")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid retrain.heartbeat-s: 40")
        .hasMessageContaining("half of retrain.lock-timeout-s");
  }

  @Test
  void listsCanBeOverridden() {
    Settings s = ConfigLoader.load(null, List.of("train.schedule.milestones=[91, 136]"));
    assertThat(s.train().schedule().milestones()).containsExactly(91.0, 136.0);
  }

  @Test
  void unknownKeyIsNamed() throws Exception {
    Path file = write("train { epoks = 7 }");
    assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown configuration key 'train.epoks'")
        .hasMessageContaining("train.epochs");
  }

  @Test
  void unknownOverrideIsNamed() {
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("model.depth=20")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'model.depth' in --set")
        .hasMessageContaining("model.variant");
  }

  @Test
  void outOfRangeValueNamesKeyAndRange() {
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("train.epochs=0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid train.epochs: 0 (expected a whole number from 1 to 100000)");
  }

  @Test
  void wrongTypeNamesKey() {
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("train.learning-rate=fast")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid train.learning-rate: 'fast'");
  }

  @Test
  void enumeratedValueListsAllowed() {
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("model.shortcut=C")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid model.shortcut: 'C' (expected one of default, A, B)");
  }

  @Test
  void malformedOverride() {
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("train.epochs")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected key=value");
  }

  @Test
  void sparkConfIsFreeForm() {
    Settings s = ConfigLoader.load(null, List.of("spark.conf.\"spark.executor.memory\"=8g"));
    assertThat(s.spark().conf()).containsEntry("spark.executor.memory", "8g");
  }

  @Test
  void remoteWorkDirNeedsAnExplicitCatalog() {
    assertThatThrownBy(
            () -> ConfigLoader.load(null, List.of("storage.work-dir=hdfs://nn:8020/resnet")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.catalog.uri must be set");
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(() -> ConfigLoader.load(missing, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Configuration file not found: " + missing);
  }

  @Test
  void shippedConfigurationsAreValid() throws Exception {
    try (var files = Files.walk(Path.of("conf"))) {
      List<Path> confs = files.filter(p -> p.toString().endsWith(".conf")).toList();
      assertThat(confs).isNotEmpty();
      for (Path conf : confs) {
        assertThat(ConfigLoader.load(conf, List.of())).as(conf.toString()).isNotNull();
      }
    }
  }

  @Test
  void experimentRecipesIncludeTheirBaseRecipe() {
    Settings averaging = ConfigLoader.load(Path.of("conf/experiments/averaging.conf"), List.of());
    assertThat(averaging.train().epochs()).isEqualTo(10);
    assertThat(averaging.train().schedule().milestones()).containsExactly(5.0, 8.0);
    assertThat(averaging.train().batchSizePerWorker()).isEqualTo(64);
    assertThat(averaging.storage().workDir()).endsWith("/work/papers");
    Settings degradation =
        ConfigLoader.load(Path.of("conf/experiments/degradation.conf"), List.of());
    assertThat(degradation.train().epochs()).isEqualTo(30);
    assertThat(degradation.data().limitPerClass()).isEqualTo(1000);
    assertThat(degradation.storage().workDir()).endsWith("/work/degradation");
  }

  @Test
  void jsonOfResolvedConfigHasEveryKey() {
    ResolvedConfig r = ConfigLoader.loadWithJson(null, List.of("train.epochs=9"));
    assertThat(r.json()).contains("\"epochs\" : 9").contains("\"variant\" : \"resnet20\"");
  }

  private Path write(String text) throws Exception {
    Path file = dir.resolve("test.conf");
    Files.writeString(file, text);
    return file;
  }
}
