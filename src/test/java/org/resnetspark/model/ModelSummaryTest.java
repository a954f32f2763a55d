package org.resnetspark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.resnetspark.config.Shortcut;
import org.resnetspark.config.StridePlacement;

class ModelSummaryTest {

  static List<Variant> named() {
    return Variants.named();
  }

  @Test
  void everyNamedVariantHasAnExpectedCount() {
    assertThat(PublishedCounts.PARAMS.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Variants.named().stream().map(Variant::name).collect(Collectors.toList()));
  }

  @ParameterizedTest
  @MethodSource("named")
  void countsTheExpectedParameters(Variant variant) {
    ModelSummary summary = ModelSummary.of(variant, ModelOptions.defaultsFor(variant));

    assertThat(summary.trainableParams()).isEqualTo(PublishedCounts.PARAMS.get(variant.name()));
  }

  /** He et al. 2015, Table 1, in units of 10^9 at 224x224, with the stride on the first 1x1. */
  @ParameterizedTest
  @CsvSource({
    "resnet18, 1.8",
    "resnet34, 3.6",
    "resnet50, 3.8",
    "resnet101, 7.6",
    "resnet152, 11.3"
  })
  void multiplyAddsMatchTable1WithinItsLastDigit(String name, double billions) {
    Variant variant = Variants.parse(name);

    ModelSummary summary = ModelSummary.of(variant, ModelOptions.defaultsFor(variant));

    assertThat(summary.multiplyAdds() / 1e9).isCloseTo(billions, within(0.1));
  }

  /**
   * Option A CIFAR networks in closed form (He et al. 2015, Section 4.2): a 3x3 stem of 16
   * channels, 2n convolutions per stage at 16, 32 and 64 channels, each with a BN, the first of
   * stages 2 and 3 reading half the channels, and a 64x10 classifier.
   */
  @Test
  void cifarNetworksFollowTheClosedForm() {
    for (int n = 1; n <= 200; n++) {
      long conv16 = 16 * 16 * 9 + 2 * 16;
      long conv32 = 32 * 32 * 9 + 2 * 32;
      long conv64 = 64 * 64 * 9 + 2 * 64;
      long expected =
          (3 * 16 * 9 + 2 * 16)
              + 2L * n * conv16
              + (16 * 32 * 9 + 2 * 32)
              + (2L * n - 1) * conv32
              + (32 * 64 * 9 + 2 * 64)
              + (2L * n - 1) * conv64
              + (64 * 10 + 10);
      Variant variant = Variants.parse("resnet" + (6 * n + 2));
      if (variant.family() == Family.CIFAR) {
        assertThat(ModelSummary.of(variant, ModelOptions.defaultsFor(variant)).trainableParams())
            .as(variant.name())
            .isEqualTo(expected);
      }
    }
  }

  /**
   * Pre-activation bottleneck CIFAR networks in closed form (He et al. 2016): per block a BN on its
   * input, 1x1, BN, 3x3, BN, 1x1; the first block of each stage projects with a bare 1x1
   * convolution and reads the stem's or the shared BN-ReLU's output; a final BN before the
   * classifier.
   */
  @Test
  void preActivationBottleneckNetworksFollowTheClosedForm() {
    for (int n : new int[] {18, 40, 111}) {
      long expected = 3 * 16 * 9 + 2 * 16 + (256 * 10 + 10) + 2 * 256;
      int in = 16;
      for (int width : new int[] {16, 32, 64}) {
        int out = 4 * width;
        long inner = 2 * width + 9L * width * width + 2 * width; // BN, 3x3, BN
        boolean afterStem = width == 16;
        long first =
            (afterStem ? 0 : 2L * in)
                + (long) in * width
                + inner
                + (long) width * out
                + (long) in * out;
        long identity = 2L * out + (long) out * width + inner + (long) width * out;
        expected += first + (n - 1) * identity;
        in = out;
      }
      Variant variant = Variants.parse("preact-resnet" + (9 * n + 2));
      assertThat(ModelSummary.of(variant, ModelOptions.defaultsFor(variant)).trainableParams())
          .as(variant.name())
          .isEqualTo(expected);
    }
  }

  @Test
  void strideOnTheThreeByThreeCostsMoreMultiplyAddsButNoParameters() {
    Variant resnet50 = Variants.parse("resnet50");
    ModelOptions v1 = ModelOptions.defaultsFor(resnet50);

    ModelSummary paper = ModelSummary.of(resnet50, v1);
    ModelSummary torchvision = ModelSummary.of(resnet50, v1.withStride(StridePlacement.V1_5));

    assertThat(torchvision.trainableParams()).isEqualTo(paper.trainableParams());
    // torchvision's figure for ResNet-50 v1.5 is 4.09 GFLOPS (multiply-adds).
    assertThat(torchvision.multiplyAdds() / 1e9).isCloseTo(4.09, within(0.01));
  }

  @Test
  void projectionShortcutsAddParametersToCifarNetworks() {
    Variant resnet20 = Variants.parse("resnet20");
    ModelOptions a = ModelOptions.defaultsFor(resnet20);

    long withB = ModelSummary.of(resnet20, a.withShortcut(Shortcut.B)).trainableParams();

    // Two projections, 16->32 and 32->64, each a 1x1 convolution and a BN.
    assertThat(withB - ModelSummary.of(resnet20, a).trainableParams())
        .isEqualTo((16 * 32 + 2 * 32) + (32 * 64 + 2 * 64));
  }

  @Test
  void inputAndClassesChangeOnlyWhatTheyShould() {
    Variant resnet20 = Variants.parse("resnet20");
    ModelOptions cifar = ModelOptions.defaultsFor(resnet20);

    ModelSummary mnist = ModelSummary.of(resnet20, cifar.withInput(28, 28, 1).withClasses(10));
    ModelSummary cifar100 = ModelSummary.of(resnet20, cifar.withClasses(100));
    ModelSummary base = ModelSummary.of(resnet20, cifar);

    assertThat(base.trainableParams() - mnist.trainableParams()).isEqualTo(2 * 16 * 9);
    assertThat(cifar100.trainableParams() - base.trainableParams()).isEqualTo(90 * 64 + 90);
    // Multiply-adds scale with the pixels of each stage: 28x28 gives 28, 14 and 7 per side.
    assertThat(mnist.multiplyAdds()).isLessThan(base.multiplyAdds());
  }
}
