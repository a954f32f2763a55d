package org.resnetspark.bench;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.max_pool2d;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** {@link BenchNetworks}' network as a libtorch module: the same layers, shapes and shortcuts. */
final class TorchResNet extends Module {

  private final BenchVariant variant;
  private final Conv2dImpl stemConv;
  private final BatchNorm2dImpl stemBn;
  private final List<Block> blocks = new ArrayList<>();
  private final LinearImpl classifier;
  private int counter;

  /** One residual block: its branch of conv-BN pairs and, where the shape changes, a projection. */
  private record Block(List<Conv2dImpl> convs, List<BatchNorm2dImpl> bns, Conv2dImpl projection,
      BatchNorm2dImpl projectionBn) {}

  TorchResNet(BenchVariant variant, int channels, int classes) {
    this.variant = variant;
    boolean imagenet = variant.imagenetStem();
    stemConv = conv(channels, variant.stemChannels(), imagenet ? 7 : 3, imagenet ? 2 : 1);
    stemBn = bn(variant.stemChannels());
    int in = variant.stemChannels();
    int[] depths = variant.depths();
    for (int stage = 0; stage < depths.length; stage++) {
      for (int b = 0; b < depths[stage]; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        int out = variant.stageChannels(stage);
        blocks.add(block(in, out, stride));
        in = out;
      }
    }
    classifier = register_module("fc", new LinearImpl(in, classes));
  }

  private Block block(int in, int out, int stride) {
    List<Conv2dImpl> convs = new ArrayList<>();
    List<BatchNorm2dImpl> bns = new ArrayList<>();
    if (variant.bottleneck()) {
      int width = out / 4;
      convs.add(conv(in, width, 1, stride));
      bns.add(bn(width));
      convs.add(conv(width, width, 3, 1));
      bns.add(bn(width));
      convs.add(conv(width, out, 1, 1));
      bns.add(bn(out));
    } else {
      convs.add(conv(in, out, 3, stride));
      bns.add(bn(out));
      convs.add(conv(out, out, 3, 1));
      bns.add(bn(out));
    }
    boolean project = stride != 1 || in != out;
    return new Block(convs, bns, project ? conv(in, out, 1, stride) : null,
        project ? bn(out) : null);
  }

  Tensor forward(Tensor input) {
    Tensor x = stemBn.forward(stemConv.forward(input)).relu();
    if (variant.imagenetStem()) {
      x = max_pool2d(x, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1},
          new long[] {1, 1}, false);
    }
    for (Block b : blocks) {
      Tensor y = x;
      for (int i = 0; i < b.convs().size(); i++) {
        y = b.bns().get(i).forward(b.convs().get(i).forward(y));
        if (i < b.convs().size() - 1) {
          y = y.relu();
        }
      }
      Tensor shortcut =
          b.projection() == null ? x : b.projectionBn().forward(b.projection().forward(x));
      x = y.add(shortcut).relu();
    }
    return classifier.forward(adaptive_avg_pool2d(x, 1, 1).flatten(1, -1));
  }

  private Conv2dImpl conv(int in, int out, int kernel, int stride) {
    Conv2dOptions options = new Conv2dOptions(in, out, new LongPointer(kernel, kernel));
    options.stride().put(0, stride).put(1, stride);
    options.padding().put(new LongPointer(kernel / 2, kernel / 2));
    options.bias().put(false);
    return register_module("conv" + counter++, new Conv2dImpl(options));
  }

  private BatchNorm2dImpl bn(int channels) {
    return register_module("bn" + counter++, new BatchNorm2dImpl(new BatchNormOptions(channels)));
  }
}
