package org.resnetspark.model;

import java.util.List;
import org.resnetspark.config.Shortcut;
import org.resnetspark.config.StridePlacement;

/**
 * The one generic builder: walks a {@link Variant} stage by stage and block by block and emits
 * every layer to a {@link LayerSink}.
 */
final class Topology {

  /** One convolution of a residual branch. */
  private record Conv(int kernel, int channels, int stride) {}

  private final Variant variant;
  private final ModelOptions options;
  private final LayerSink sink;
  private int channels;

  private Topology(Variant variant, ModelOptions options, LayerSink sink) {
    this.variant = variant;
    this.options = options;
    this.sink = sink;
  }

  /** Emits the whole network and returns the name of its output layer. */
  static String emit(Variant variant, ModelOptions options, LayerSink sink) {
    options.checkFits(variant);
    return new Topology(variant, options, sink).network();
  }

  private String network() {
    String x = stem();
    for (int stage = 0; stage < variant.family().stages(); stage++) {
      for (int block = 0; block < variant.stageBlocks().get(stage); block++) {
        x =
            variant.kind() == Kind.PRE_ACTIVATION
                ? preActivation(stage, block, x)
                : postActivation(stage, block, x);
      }
    }
    return head(x);
  }

  private String stem() {
    Family family = variant.family();
    Names names = Names.stem();
    channels = family.stageWidths().get(0);
    String x =
        sink.conv(names.conv(), Names.INPUT, family.stemKernel(), family.stemStride(), channels);
    x = sink.batchNormRelu(names.bn(), names.relu(), x, 1.0);
    return family.stemMaxPool() ? sink.maxPool(names.pool(), x) : x;
  }

  /**
   * Conv-BN-ReLU units (He et al. 2015, Figure 5), the sum followed by ReLU; plain blocks are the
   * same without the shortcut.
   */
  private String postActivation(int stage, int block, String input) {
    Names names = Names.block(stage, block);
    List<Conv> convs = convs(stage, block);
    int last = convs.size();
    String x = input;
    for (int i = 1; i <= last; i++) {
      Conv c = convs.get(i - 1);
      x = sink.conv(names.conv(i), x, c.kernel(), c.stride(), c.channels());
      if (i < last) {
        x = sink.batchNormRelu(names.bn(i), names.relu(i), x, 1.0);
      }
    }
    String output;
    if (variant.kind().hasShortcuts()) {
      // The branch's last BN feeds the sum, and the ReLU comes after the sum.
      x = sink.batchNorm(names.bn(last), x, options.lastBnGamma().value());
      output =
          sink.addRelu(names.add(), names.relu(), x, shortcut(names, input, stage, block, true));
    } else {
      output = sink.batchNormRelu(names.bn(last), names.relu(), x, 1.0);
    }
    channels = convs.get(last - 1).channels();
    return output;
  }

  /**
   * Full pre-activation units (He et al. 2016, Figure 4e): BN-ReLU-conv, nothing after the sum.
   * Where the shape changes, the first BN-ReLU is shared by both paths so the projection sees
   * normalised input; the network's first block skips it because the stem already ends in BN-ReLU.
   */
  private String preActivation(int stage, int block, String input) {
    Names names = Names.block(stage, block);
    List<Conv> convs = convs(stage, block);
    boolean first = stage == 0 && block == 0;
    boolean sharedPreactivation = !first && changesShape(stage, block);
    String activated = input;
    if (sharedPreactivation) {
      Names shared = names.preactivation();
      activated = sink.batchNormRelu(shared.bn(), shared.relu(), input, 1.0);
    }
    String x = activated;
    for (int i = 1; i <= convs.size(); i++) {
      if (i > 1 || !(first || sharedPreactivation)) {
        x = sink.batchNormRelu(names.bn(i), names.relu(i), x, 1.0);
      }
      Conv c = convs.get(i - 1);
      x = sink.conv(names.conv(i), x, c.kernel(), c.stride(), c.channels());
    }
    String sum = sink.add(names.add(), x, shortcut(names, activated, stage, block, false));
    channels = convs.get(convs.size() - 1).channels();
    return sum;
  }

  /**
   * The identity, or where the shape changes option A or B (He et al. 2015, Section 3.3). A
   * post-activation projection is followed by BN; a pre-activation one is not, since its sum is
   * normalised by the next unit.
   */
  private String shortcut(Names names, String input, int stage, int block, boolean withBn) {
    if (!changesShape(stage, block)) {
      return input;
    }
    int out = variant.stageChannels(stage);
    int stride = stride(stage, block);
    Names parts = names.shortcut();
    if (options.shortcut() == Shortcut.A) {
      if (out != 2 * channels) {
        throw new IllegalStateException(
            "Option A appends one copy of zeros and needs doubled channels: "
                + channels
                + " -> "
                + out);
      }
      return sink.zeroPadShortcut(parts, input, stride, out);
    }
    String x = sink.conv(parts.conv(), input, 1, stride, out);
    return withBn ? sink.batchNorm(parts.bn(), x, 1.0) : x;
  }

  private List<Conv> convs(int stage, int block) {
    int width = variant.family().stageWidths().get(stage);
    int out = variant.stageChannels(stage);
    int stride = stride(stage, block);
    if (variant.block() == Block.BASIC) {
      return List.of(new Conv(3, width, stride), new Conv(3, out, 1));
    }
    boolean onFirst = options.stride() == StridePlacement.V1;
    return List.of(
        new Conv(1, width, onFirst ? stride : 1),
        new Conv(3, width, onFirst ? 1 : stride),
        new Conv(1, out, 1));
  }

  /** Every stage but the first halves the resolution in its first block. */
  private static int stride(int stage, int block) {
    return stage > 0 && block == 0 ? 2 : 1;
  }

  private boolean changesShape(int stage, int block) {
    return stride(stage, block) != 1 || channels != variant.stageChannels(stage);
  }

  private String head(String input) {
    Names names = Names.head();
    String x = input;
    if (variant.kind() == Kind.PRE_ACTIVATION) {
      // The last unit's sum is not normalised yet: He et al. 2016 add one activation after it.
      x = sink.batchNormRelu(names.bn(), names.relu(), x, 1.0);
    }
    x = sink.globalAveragePool(names.pool(), x);
    return sink.classifier(names.fc(), x, options.numClasses());
  }
}
