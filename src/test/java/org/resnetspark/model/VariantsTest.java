package org.resnetspark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.resnetspark.config.ConfigException;

class VariantsTest {

  @Test
  void imagenetDepthsFollowTable1() {
    assertThat(Variants.parse("resnet18"))
        .isEqualTo(new Variant(Kind.RESIDUAL, Family.IMAGENET, Block.BASIC, List.of(2, 2, 2, 2)));
    assertThat(Variants.parse("resnet34").stageBlocks()).containsExactly(3, 4, 6, 3);
    assertThat(Variants.parse("resnet50").block()).isEqualTo(Block.BOTTLENECK);
    assertThat(Variants.parse("resnet101").stageBlocks()).containsExactly(3, 4, 23, 3);
    assertThat(Variants.parse("resnet152").stageBlocks()).containsExactly(3, 8, 36, 3);
  }

  @Test
  void anyOtherSixNPlusTwoDepthIsACifarNetwork() {
    assertThat(Variants.parse("resnet8"))
        .isEqualTo(new Variant(Kind.RESIDUAL, Family.CIFAR, Block.BASIC, List.of(1, 1, 1)));
    assertThat(Variants.parse("resnet1202").stageBlocks()).containsExactly(200, 200, 200);
    assertThat(Variants.parse("plain56"))
        .isEqualTo(new Variant(Kind.PLAIN, Family.CIFAR, Block.BASIC, List.of(9, 9, 9)));
  }

  @Test
  void preActivationCifarNetworksUseBottlenecksFrom164Layers() {
    assertThat(Variants.parse("preact-resnet110"))
        .isEqualTo(
            new Variant(Kind.PRE_ACTIVATION, Family.CIFAR, Block.BASIC, List.of(18, 18, 18)));
    assertThat(Variants.parse("preact-resnet164"))
        .isEqualTo(
            new Variant(Kind.PRE_ACTIVATION, Family.CIFAR, Block.BOTTLENECK, List.of(18, 18, 18)));
    assertThat(Variants.parse("preact-resnet1001").stageBlocks()).containsExactly(111, 111, 111);
    assertThat(Variants.parse("preact-resnet50").family()).isEqualTo(Family.IMAGENET);
  }

  @Test
  void everyNamedVariantReadsBackFromItsName() {
    for (Variant variant : Variants.named()) {
      assertThat(Variants.parse(variant.name())).isEqualTo(variant);
      assertThat(variant.name()).isEqualTo(variant.kind().prefix() + variant.depth());
    }
  }

  @Test
  void namesIgnoreCaseAndSurroundingSpace() {
    assertThat(Variants.parse(" ResNet50 ")).isEqualTo(Variants.parse("resnet50"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet21", "resnet2", "plain19", "resnet0"})
  void depthsOutsideTheTablesAreRejectedNamingWhatIsAllowed(String name) {
    assertThatThrownBy(() -> Variants.parse(name))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid depth: " + name.replaceAll("\\D", ""))
        .hasMessageContaining("18, 34, 50, 101, 152, 200")
        .hasMessageContaining("6n+2, e.g. 20, 32, 56");
  }

  @Test
  void preActivationDepthsNameBothCifarRules() {
    assertThatThrownBy(() -> Variants.parse("preact-resnet170"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid depth: 170 for preact-resnet<depth> (expected 18, 34, 50, 101, 152, 200 for"
                + " the ImageNet networks or 6n+2 below 164 (basic blocks, e.g. 20, 56, 110) or"
                + " 9n+2 from 164 (bottleneck blocks, e.g. 164, 1001) for the CIFAR networks)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vgg16", "resnet", "resnet-50", "wide-resnet28", ""})
  void unknownNamesAreRejectedListingTheNamedVariants(String name) {
    assertThatThrownBy(() -> Variants.parse(name))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid model: " + name + " (expected resnet<depth>, plain<depth>")
        .hasMessageContaining("resnet50, resnet101")
        .hasMessageContaining("preact-resnet1001");
  }
}
