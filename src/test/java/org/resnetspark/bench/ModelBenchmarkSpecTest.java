package org.resnetspark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.config.Settings;
import org.resnetspark.config.Shortcut;
import org.resnetspark.config.StridePlacement;
import org.resnetspark.job.ModelSpec;
import org.resnetspark.model.LastBnGamma;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;

/** bench model times the network train builds: the same DL4J configuration, to the byte. */
class ModelBenchmarkSpecTest {

  private static Settings settings(String... overrides) {
    return ConfigLoader.load(null, List.of(overrides));
  }

  @Test
  void resnet20IsTheConfigurationTrainBuilds() {
    Settings settings = settings("model.variant=resnet20");

    ModelSpec bench = ModelBenchmark.spec(settings, "32x32x3");

    // What the train job builds for a 10-class 32x32x3 manifest with the same settings.
    ModelSpec train = ModelSpec.of(settings, 10, 32, 32, 3);
    assertThat(bench.configuration().toJson()).isEqualTo(train.configuration().toJson());
    // And what that is, written out: option A, the last BN gamma of each branch at one
    // (model.zero-init-last-bn = false), weight decay 1e-4, Nesterov momentum 0.9.
    Variant resnet20 = Variants.parse("resnet20");
    ComputationGraphConfiguration expected =
        ResNets.configuration(
            resnet20,
            ModelOptions.defaultsFor(resnet20)
                .withShortcut(Shortcut.A)
                .withLastBnGamma(LastBnGamma.ONE),
            new Optimization(new Nesterovs(0.1, 0.9), 1e-4, 42),
            ConvolutionEngine.FAST);
    assertThat(bench.configuration().toJson()).isEqualTo(expected.toJson());
  }

  @Test
  void theConfigurationHasTheTrainingSettings() {
    ComputationGraphConfiguration conf =
        ModelBenchmark.spec(settings("model.variant=resnet20"), null).configuration();

    assertThat(conf.getVertices()).containsKey("stage2.block1.shortcut.pad");
    assertThat(conf.getVertices()).doesNotContainKey("stage2.block1.shortcut.conv");
    List<BaseLayer> layers =
        conf.getVertices().values().stream()
            .filter(v -> v instanceof LayerVertex)
            .map(v -> ((LayerVertex) v).getLayerConf().getLayer())
            .filter(l -> l instanceof BaseLayer)
            .map(l -> (BaseLayer) l)
            .toList();
    assertThat(layers)
        .allSatisfy(
            l -> {
              assertThat(l.getIUpdater()).isInstanceOf(Nesterovs.class);
              assertThat(((Nesterovs) l.getIUpdater()).getMomentum()).isEqualTo(0.9);
            });
    assertThat(layers)
        .filteredOn(l -> l instanceof ConvolutionLayer)
        .hasSize(19)
        .allSatisfy(
            l ->
                assertThat(l.getRegularization())
                    .singleElement()
                    .isInstanceOfSatisfying(
                        WeightDecay.class,
                        d -> assertThat(d.getCoeff().valueAt(0, 0)).isEqualTo(1e-4)));
    assertThat(layers)
        .filteredOn(l -> l instanceof BatchNormalization)
        .hasSize(19)
        .allSatisfy(
            l -> {
              assertThat(((BatchNormalization) l).getDecay()).isEqualTo(0.9);
              assertThat(((BatchNormalization) l).getEps()).isEqualTo(1e-5);
            });
  }

  @Test
  void shortcutAndStrideOptionsReachTheNetwork() {
    ModelSpec spec =
        ModelBenchmark.spec(
            settings("model.variant=resnet50", "model.stride=v1.5", "model.shortcut=B"), "64x64x3");

    assertThat(spec.options().stride()).isEqualTo(StridePlacement.V1_5);
    assertThat(spec.options().inputLabel()).isEqualTo("64x64x3");
    assertThat(spec.options().numClasses()).isEqualTo(ModelBenchmark.CLASSES);
    assertThat(spec.configuration().getVertices()).containsKey("stage2.block1.shortcut.conv");
  }

  @Test
  void defaultInputIsTheFamilys() {
    assertThat(ModelBenchmark.spec(settings("model.variant=resnet18"), null).options().inputLabel())
        .isEqualTo("224x224x3");
    assertThat(
            ModelBenchmark.spec(settings("model.variant=preact-resnet164"), null)
                .options()
                .inputLabel())
        .isEqualTo("32x32x3");
  }

  @Test
  void rejectsOptionAForBottlenecksBeforeRunning() {
    ModelSpec spec =
        ModelBenchmark.spec(settings("model.variant=resnet50", "model.shortcut=A"), "32x32x3");

    assertThatThrownBy(
            () ->
                ModelBenchmark.run(
                    spec, 2, ModelBenchmark.nd4jThreads(), new BenchSchedule(0, 1), line -> {}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid shortcut: A for resnet50");
  }
}
