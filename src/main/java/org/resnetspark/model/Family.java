package org.resnetspark.model;

import java.util.List;

/**
 * The two network shapes of He et al. 2015: the ImageNet networks (Table 1: a 7x7/2 stem
 * convolution and a 3x3/2 max pool, four stages of 64 to 512 channels) and the CIFAR networks
 * (Section 4.2: a 3x3 stem convolution, three stages of 16, 32 and 64 channels).
 */
public enum Family {
  IMAGENET(7, 2, true, List.of(64, 128, 256, 512), 224, 3, 1000),
  CIFAR(3, 1, false, List.of(16, 32, 64), 32, 3, 10);

  private final int stemKernel;
  private final int stemStride;
  private final boolean stemMaxPool;
  private final List<Integer> stageWidths;
  private final int defaultSize;
  private final int defaultChannels;
  private final int defaultClasses;

  Family(
      int stemKernel,
      int stemStride,
      boolean stemMaxPool,
      List<Integer> stageWidths,
      int defaultSize,
      int defaultChannels,
      int defaultClasses) {
    this.stemKernel = stemKernel;
    this.stemStride = stemStride;
    this.stemMaxPool = stemMaxPool;
    this.stageWidths = stageWidths;
    this.defaultSize = defaultSize;
    this.defaultChannels = defaultChannels;
    this.defaultClasses = defaultClasses;
  }

  public int stemKernel() {
    return stemKernel;
  }

  public int stemStride() {
    return stemStride;
  }

  /** Whether the stem ends with the 3x3/2 max pool (ImageNet only). */
  public boolean stemMaxPool() {
    return stemMaxPool;
  }

  /** The bottleneck width of each stage; a stage's output is this times the block's expansion. */
  public List<Integer> stageWidths() {
    return stageWidths;
  }

  public int stages() {
    return stageWidths.size();
  }

  /**
   * The factor by which the network shrinks its input: the stem, the max pool and a stride of 2 at
   * the start of every stage but the first. The input must be at least this high and wide.
   */
  public int totalStride() {
    return stemStride * (stemMaxPool ? 2 : 1) * (1 << (stages() - 1));
  }

  public int defaultSize() {
    return defaultSize;
  }

  public int defaultChannels() {
    return defaultChannels;
  }

  public int defaultClasses() {
    return defaultClasses;
  }
}
