package org.resnetspark.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.resnetspark.config.ConfigException;

/**
 * The ResNets the benchmark builds (He et al. 2015): CIFAR nets of basic blocks with 16/32/64
 * channels and a 3x3 stem, ImageNet nets with a 7x7 stride-2 stem and max pool. Each is a line of
 * data: stem, block type and blocks per stage.
 */
public enum BenchVariant {
  RESNET20(false, false, 3, 3, 3),
  RESNET32(false, false, 5, 5, 5),
  RESNET56(false, false, 9, 9, 9),
  RESNET18(true, false, 2, 2, 2, 2),
  RESNET34(true, false, 3, 4, 6, 3),
  RESNET50(true, true, 3, 4, 6, 3),
  RESNET101(true, true, 3, 4, 23, 3);

  private final boolean imagenetStem;
  private final boolean bottleneck;
  private final int[] depths;

  BenchVariant(boolean imagenetStem, boolean bottleneck, int... depths) {
    this.imagenetStem = imagenetStem;
    this.bottleneck = bottleneck;
    this.depths = depths;
  }

  public boolean imagenetStem() {
    return imagenetStem;
  }

  public boolean bottleneck() {
    return bottleneck;
  }

  public int[] depths() {
    return depths.clone();
  }

  /** Output channels of each stage's blocks (bottlenecks expand their width by 4). */
  public int stageChannels(int stage) {
    int width = (imagenetStem ? 64 : 16) << stage;
    return bottleneck ? 4 * width : width;
  }

  public int stemChannels() {
    return imagenetStem ? 64 : 16;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BenchVariant parse(String name) {
    for (BenchVariant v : values()) {
      if (v.label().equalsIgnoreCase(name)) {
        return v;
      }
    }
    throw new ConfigException(
        "Invalid variant: %s (expected one of %s)", name, String.join(", ", labels()));
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(BenchVariant::label).collect(Collectors.toList());
  }
}
