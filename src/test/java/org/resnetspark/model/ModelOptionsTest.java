package org.resnetspark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Shortcut;
import org.resnetspark.config.StridePlacement;

class ModelOptionsTest {

  @Test
  void defaultsFollowThePapers() {
    assertThat(ModelOptions.defaultsFor(Variants.parse("resnet50")))
        .isEqualTo(
            new ModelOptions(1000, 224, 224, 3, Shortcut.B, StridePlacement.V1, LastBnGamma.ZERO));
    assertThat(ModelOptions.defaultsFor(Variants.parse("resnet20")))
        .isEqualTo(
            new ModelOptions(10, 32, 32, 3, Shortcut.A, StridePlacement.V1, LastBnGamma.ZERO));
    assertThat(ModelOptions.defaultsFor(Variants.parse("preact-resnet164")).shortcut())
        .isEqualTo(Shortcut.B);
  }

  @Test
  void inputTooSmallForTheStridesIsRejected() {
    Variant resnet18 = Variants.parse("resnet18");
    ModelOptions tooSmall = ModelOptions.defaultsFor(resnet18).withInput(28, 28, 1);

    assertThatThrownBy(() -> ModelSummary.of(resnet18, tooSmall))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid input: 28x28x1 for resnet18 (height and width must be at least 32: the"
                + " network downsamples by 32)");
  }

  @Test
  void smallestInputOfEachFamilyIsAccepted() {
    Variant resnet8 = Variants.parse("resnet8");
    Variant resnet18 = Variants.parse("resnet18");

    assertThat(ModelSummary.of(resnet8, ModelOptions.defaultsFor(resnet8).withInput(4, 4, 1)))
        .isNotNull();
    assertThat(ModelSummary.of(resnet18, ModelOptions.defaultsFor(resnet18).withInput(32, 32, 3)))
        .isNotNull();
    assertThatThrownBy(
            () -> ModelSummary.of(resnet8, ModelOptions.defaultsFor(resnet8).withInput(3, 4, 1)))
        .hasMessageContaining("at least 4");
  }

  @Test
  void optionAIsOnlyForBasicBlocks() {
    Variant resnet50 = Variants.parse("resnet50");
    ModelOptions optionA = ModelOptions.defaultsFor(resnet50).withShortcut(Shortcut.A);

    assertThatThrownBy(() -> ModelSummary.of(resnet50, optionA))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid shortcut: A for resnet50 (option A zero-pads the doubled channels of basic"
                + " blocks; bottleneck variants use B)");
  }

  @Test
  void badClassesAndInputAreRejected() {
    ModelOptions options = ModelOptions.defaultsFor(Variants.parse("resnet20"));

    assertThatThrownBy(() -> options.withClasses(1))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid classes: 1 (expected at least 2)");
    assertThatThrownBy(() -> options.withInput(32, 0, 3))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid input: 32x0x3 (expected positive");
  }

  @Test
  void stridePlacementReadsItsLabels() {
    assertThat(StridePlacement.parse("v1.5")).isEqualTo(StridePlacement.V1_5);
    assertThat(StridePlacement.parse("V1")).isEqualTo(StridePlacement.V1);
    assertThatThrownBy(() -> StridePlacement.parse("v2"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid stride placement: v2 (expected one of v1, v1.5)");
  }
}
