package org.resnetspark.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The floor of a training step's memory, counted by hand from the papers' layer shapes. */
class BackpropFloorTest {

  static BackpropFloor floor(String name, int size, int channels) {
    Variant variant = Variants.parse(name);
    ModelOptions options = ModelOptions.defaultsFor(variant).withInput(size, size, channels);
    return BackpropFloor.of(ResNets.plan(variant, options), options);
  }

  @Test
  void resnet8KeepsEveryConvolutionsInputEveryBatchNormsInputAndEveryReluOutput() {
    // The input (3 x 32 x 32, read by conv1); at 16 x 32 x 32 the stem's BN input and ReLU output,
    // and the block's two BN inputs and two ReLU outputs; four such tensors in each later stage
    // (32 x 16 x 16, 64 x 8 x 8); the classifier's 64 features.
    long expected = 3 * 1024 + 6 * 16 * 1024 + 4 * 32 * 256 + 4 * 64 * 64 + 64;

    BackpropFloor floor = floor("resnet8", 32, 3);

    assertThat(floor.floatsPerImage()).isEqualTo(expected);
    assertThat(floor.bytesPerImage()).isEqualTo(4 * expected);
    assertThat(floor.largestActivationFloats()).isEqualTo(16 * 1024);
  }

  @Test
  void growsWithDepthByTheBlocksAdded() {
    // resnet20 has two more blocks per stage than resnet8, each keeping four tensors.
    long perBlocks = 2 * 4 * (16 * 1024 + 32 * 256 + 64 * 64);

    assertThat(floor("resnet20", 32, 3).floatsPerImage() - floor("resnet8", 32, 3).floatsPerImage())
        .isEqualTo(perBlocks);
  }

  @Test
  void followsTheInputSize() {
    // Halving height and width quarters every activation but the classifier's features.
    BackpropFloor full = floor("resnet56", 32, 3);
    BackpropFloor half = floor("resnet56", 16, 3);

    assertThat(half.floatsPerImage() - 64).isEqualTo((full.floatsPerImage() - 64) / 4);
  }
}
