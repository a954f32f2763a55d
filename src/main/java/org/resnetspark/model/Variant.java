package org.resnetspark.model;

import java.util.List;

/**
 * One member of the family, as data: how blocks are wired, which stem and widths, which block, and
 * how many blocks each stage stacks. {@link Variants} holds the named ones; {@link ResNets} builds
 * any of them.
 */
public record Variant(Kind kind, Family family, Block block, List<Integer> stageBlocks) {

  public Variant {
    if (stageBlocks.size() != family.stages()) {
      throw new IllegalArgumentException(
          "A " + family + " network has " + family.stages() + " stages, got " + stageBlocks);
    }
    if (stageBlocks.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("Every stage needs at least one block: " + stageBlocks);
    }
    stageBlocks = List.copyOf(stageBlocks);
  }

  /** Weighted layers on the longest path: the stem convolution, every block's, the classifier. */
  public int depth() {
    return stageBlocks.stream().mapToInt(Integer::intValue).sum() * block.convolutions() + 2;
  }

  /** The name {@link Variants#parse} reads back, e.g. {@code resnet50} or {@code plain20}. */
  public String name() {
    return kind.prefix() + depth();
  }

  /** Output channels of stage {@code stage} (0-based). */
  public int stageChannels(int stage) {
    return family.stageWidths().get(stage) * block.expansion();
  }

  @Override
  public String toString() {
    return name();
  }
}
