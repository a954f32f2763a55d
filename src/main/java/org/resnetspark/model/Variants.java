package org.resnetspark.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.resnetspark.config.ConfigException;

/** The table of variants and the names that select them. */
public final class Variants {

  private record Layout(Block block, List<Integer> stageBlocks) {}

  /** He et al. 2015, Table 1; 200 layers as in He et al. 2016 on ImageNet. */
  private static final Map<Integer, Layout> IMAGENET =
      Map.of(
          18, new Layout(Block.BASIC, List.of(2, 2, 2, 2)),
          34, new Layout(Block.BASIC, List.of(3, 4, 6, 3)),
          50, new Layout(Block.BOTTLENECK, List.of(3, 4, 6, 3)),
          101, new Layout(Block.BOTTLENECK, List.of(3, 4, 23, 3)),
          152, new Layout(Block.BOTTLENECK, List.of(3, 8, 36, 3)),
          200, new Layout(Block.BOTTLENECK, List.of(3, 24, 36, 3)));

  private static final List<Integer> IMAGENET_DEPTHS = List.of(18, 34, 50, 101, 152, 200);

  /**
   * From this depth on, pre-activation CIFAR networks use bottleneck blocks (9n+2 layers) as in He
   * et al. 2016 (ResNet-164, ResNet-1001); below it basic blocks (6n+2, ResNet-110).
   */
  static final int CIFAR_BOTTLENECK_FROM = 164;

  private static final Pattern NAME = Pattern.compile("(preact-resnet|resnet|plain)(\\d{1,6})");

  private Variants() {}

  /** Reads a variant name such as {@code resnet50}, {@code resnet8}, {@code preact-resnet1001}. */
  public static Variant parse(String name) {
    Matcher m = NAME.matcher(name == null ? "" : name.trim().toLowerCase());
    if (!m.matches()) {
      throw new ConfigException(
          "Invalid model: %s (expected resnet<depth>, plain<depth> or preact-resnet<depth>;"
              + " named variants: %s)",
          name, named().stream().map(Variant::name).collect(Collectors.joining(", ")));
    }
    Kind kind =
        Stream.of(Kind.values()).filter(k -> k.prefix().equals(m.group(1))).findFirst().get();
    return of(kind, Integer.parseInt(m.group(2)));
  }

  /**
   * The variant of a kind at a depth: the ImageNet table where it names the depth, otherwise the
   * CIFAR network of that depth.
   */
  public static Variant of(Kind kind, int depth) {
    Layout layout = IMAGENET.get(depth);
    if (layout != null) {
      return new Variant(kind, Family.IMAGENET, layout.block(), layout.stageBlocks());
    }
    if (kind == Kind.PRE_ACTIVATION && depth >= CIFAR_BOTTLENECK_FROM) {
      if ((depth - 2) % 9 != 0) {
        throw invalidDepth(kind, depth);
      }
      return cifar(kind, Block.BOTTLENECK, (depth - 2) / 9);
    }
    if (depth < 8 || (depth - 2) % 6 != 0) {
      throw invalidDepth(kind, depth);
    }
    return cifar(kind, Block.BASIC, (depth - 2) / 6);
  }

  private static Variant cifar(Kind kind, Block block, int blocksPerStage) {
    return new Variant(
        kind, Family.CIFAR, block, List.of(blocksPerStage, blocksPerStage, blocksPerStage));
  }

  private static ConfigException invalidDepth(Kind kind, int depth) {
    String cifar =
        kind == Kind.PRE_ACTIVATION
            ? "6n+2 below "
                + CIFAR_BOTTLENECK_FROM
                + " (basic blocks, e.g. 20, 56, 110) or 9n+2"
                + " from "
                + CIFAR_BOTTLENECK_FROM
                + " (bottleneck blocks, e.g. 164, 1001)"
            : "6n+2, e.g. 20, 32, 56, 110";
    return new ConfigException(
        "Invalid depth: %s for %s (expected %s for the ImageNet networks or %s for the CIFAR"
            + " networks)",
        depth,
        kind.prefix() + "<depth>",
        IMAGENET_DEPTHS.stream().map(String::valueOf).collect(Collectors.joining(", ")),
        cifar);
  }

  /** Every named variant, in the order the papers present them. */
  public static List<Variant> named() {
    List<Variant> all = new ArrayList<>();
    for (int depth : IMAGENET_DEPTHS) {
      all.add(of(Kind.RESIDUAL, depth));
    }
    for (int depth : List.of(20, 32, 44, 56, 110, 1202)) {
      all.add(of(Kind.RESIDUAL, depth));
    }
    // The degradation experiment: Table 2 (ImageNet) and Figure 6 (CIFAR-10).
    for (int depth : List.of(18, 34, 20, 32, 44, 56)) {
      all.add(of(Kind.PLAIN, depth));
    }
    // He et al. 2016: its CIFAR networks, and every ImageNet depth.
    for (int depth : List.of(110, 164, 1001)) {
      all.add(of(Kind.PRE_ACTIVATION, depth));
    }
    for (int depth : IMAGENET_DEPTHS) {
      all.add(of(Kind.PRE_ACTIVATION, depth));
    }
    return List.copyOf(all);
  }
}
