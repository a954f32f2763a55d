package org.resnetspark.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.config.Shortcut;

/** The plan other engines build from describes the network DL4J builds, layer for layer. */
class LayerPlanTest {

  static List<Variant> named() {
    return Variants.named();
  }

  @ParameterizedTest
  @MethodSource("named")
  void countsThePublishedParameters(Variant variant) {
    LayerPlan plan = ResNets.plan(variant, ModelOptions.defaultsFor(variant));

    assertThat(plan.trainableParams()).isEqualTo(PublishedCounts.PARAMS.get(variant.name()));
  }

  @ParameterizedTest
  @CsvSource({"resnet20, A", "resnet20, B", "plain20, B", "preact-resnet110, A", "resnet18, B"})
  void countsWhatTheDl4jGraphTrains(String name, String shortcut) {
    Variant variant = Variants.parse(name);
    ModelOptions options =
        ModelOptions.defaultsFor(variant)
            .withInput(32, 32, 3)
            .withClasses(10)
            .withShortcut(Shortcut.parse(shortcut));

    long dl4j =
        TrainableParams.count(
            ResNets.build(variant, options, new Optimization(new Nesterovs(0.1, 0.9), 1e-4, 1)));

    assertThat(ResNets.plan(variant, options).trainableParams()).isEqualTo(dl4j);
  }

  @Test
  void everyLayerReadsLayersBeforeIt() {
    Variant variant = Variants.parse("resnet50");
    LayerPlan plan = ResNets.plan(variant, ModelOptions.defaultsFor(variant));
    Set<String> defined = new HashSet<>(Set.of(LayerPlan.INPUT));

    for (PlannedLayer layer : plan.layers()) {
      assertThat(defined).containsAll(layer.inputs());
      assertThat(defined.add(layer.name())).isTrue();
    }
    assertThat(plan.output()).isEqualTo(plan.layers().get(plan.layers().size() - 1).name());
  }

  @Test
  void optionAShortcutsSubsampleAndDoubleTheChannels() {
    Variant variant = Variants.parse("resnet20");
    LayerPlan plan = ResNets.plan(variant, ModelOptions.defaultsFor(variant));

    assertThat(plan.layers())
        .filteredOn(l -> l instanceof PlannedLayer.ZeroPadShortcut)
        .containsExactly(
            new PlannedLayer.ZeroPadShortcut(
                "stage2.block1.shortcut.pad", "stage1.block3.relu", 2, 16, 32),
            new PlannedLayer.ZeroPadShortcut(
                "stage3.block1.shortcut.pad", "stage2.block3.relu", 2, 32, 64));
  }

  @Test
  void batchNormsCarryTheSettingsOfTheDl4jLayers() {
    Variant variant = Variants.parse("resnet20");
    LayerPlan plan = ResNets.plan(variant, ModelOptions.defaultsFor(variant));

    List<PlannedLayer.BatchNorm> norms =
        plan.layers().stream()
            .filter(l -> l instanceof PlannedLayer.BatchNorm)
            .map(l -> (PlannedLayer.BatchNorm) l)
            .toList();
    assertThat(norms).hasSize(19);
    assertThat(norms).allSatisfy(bn -> assertThat(bn.decay()).isEqualTo(0.9));
    assertThat(norms).allSatisfy(bn -> assertThat(bn.epsilon()).isEqualTo(1e-5));
    // The last BN of each of the nine residual branches starts at zero (LastBnGamma.ZERO).
    assertThat(norms).filteredOn(bn -> bn.gamma() == 0.0).hasSize(9);
  }
}
