package org.resnetspark.bench;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.pad;
import static org.bytedeco.pytorch.global.torch.slice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.resnetspark.model.LayerPlan;
import org.resnetspark.model.PlannedLayer;

/**
 * A {@link LayerPlan} as a libtorch module: one torch layer per planned layer, run in the plan's
 * order. Parameters that DL4J decays (convolution and classifier weights) are kept apart from those
 * it does not (batch norm, classifier bias) so the optimiser can treat them alike.
 */
final class TorchNetwork extends Module {

  /** One layer's computation from the outputs of the layers before it. */
  private record Step(String name, Function<Map<String, Tensor>, Tensor> compute) {}

  private final List<Step> steps = new ArrayList<>();
  private final String output;
  private final TensorVector decayed = new TensorVector();
  private final TensorVector notDecayed = new TensorVector();

  TorchNetwork(LayerPlan plan) {
    output = plan.output();
    try (NoGradGuard noGrad = new NoGradGuard()) {
      for (PlannedLayer layer : plan.layers()) {
        steps.add(new Step(layer.name(), step(layer)));
      }
    }
  }

  TensorVector decayedParameters() {
    return decayed;
  }

  TensorVector notDecayedParameters() {
    return notDecayed;
  }

  /** The logits of {@code input} (NCHW). */
  Tensor forward(Tensor input) {
    Map<String, Tensor> values = new HashMap<>();
    values.put(LayerPlan.INPUT, input);
    for (Step step : steps) {
      values.put(step.name(), step.compute().apply(values));
    }
    return values.get(output);
  }

  private Function<Map<String, Tensor>, Tensor> step(PlannedLayer layer) {
    if (layer instanceof PlannedLayer.Conv c) {
      Conv2dImpl conv = conv(c);
      return v -> conv.forward(v.get(c.input()));
    }
    if (layer instanceof PlannedLayer.BatchNorm b) {
      BatchNorm2dImpl bn = batchNorm(b);
      return v -> bn.forward(v.get(b.input()));
    }
    if (layer instanceof PlannedLayer.Relu r) {
      return v -> v.get(r.input()).relu();
    }
    if (layer instanceof PlannedLayer.Add a) {
      return v -> v.get(a.left()).add(v.get(a.right()));
    }
    if (layer instanceof PlannedLayer.MaxPool p) {
      return v ->
          max_pool2d(
              v.get(p.input()),
              new long[] {3, 3},
              new long[] {2, 2},
              new long[] {1, 1},
              new long[] {1, 1},
              false);
    }
    if (layer instanceof PlannedLayer.ZeroPadShortcut z) {
      // As the CIFAR ResNets written for torch do: x[:, :, ::s, ::s], then zero channels after.
      return v -> {
        Tensor rows = slice(v.get(z.input()), 2, new LongOptional(), new LongOptional(), z.stride());
        Tensor pixels = slice(rows, 3, new LongOptional(), new LongOptional(), z.stride());
        return pad(pixels, 0, 0, 0, 0, 0, z.channels() - z.inChannels());
      };
    }
    if (layer instanceof PlannedLayer.GlobalAveragePool g) {
      return v -> adaptive_avg_pool2d(v.get(g.input()), 1, 1).flatten(1, -1);
    }
    if (layer instanceof PlannedLayer.Classifier fc) {
      LinearImpl linear =
          register_module(module(fc.name()), new LinearImpl(fc.features(), fc.classes()));
      decayed.push_back(linear.weight());
      notDecayed.push_back(linear.bias());
      return v -> linear.forward(v.get(fc.input()));
    }
    throw new IllegalArgumentException("No torch layer for " + layer);
  }

  private Conv2dImpl conv(PlannedLayer.Conv c) {
    Conv2dOptions options =
        new Conv2dOptions(c.inChannels(), c.channels(), new LongPointer(c.kernel(), c.kernel()));
    options.stride().put(0, c.stride()).put(1, c.stride());
    options.padding().put(new LongPointer(c.kernel() / 2, c.kernel() / 2));
    options.bias().put(false);
    Conv2dImpl conv = register_module(module(c.name()), new Conv2dImpl(options));
    decayed.push_back(conv.weight());
    return conv;
  }

  private BatchNorm2dImpl batchNorm(PlannedLayer.BatchNorm b) {
    BatchNormOptions options = new BatchNormOptions(b.channels());
    options.eps().put(b.epsilon());
    // torch weighs the new batch statistics by momentum; DL4J weighs the old ones by decay.
    options.momentum().put(1 - b.decay());
    BatchNorm2dImpl bn = register_module(module(b.name()), new BatchNorm2dImpl(options));
    bn.weight().fill_(new Scalar(b.gamma()));
    notDecayed.push_back(bn.weight());
    notDecayed.push_back(bn.bias());
    return bn;
  }

  /** torch module names may not contain dots; the plan's names do ({@code stage1.block1.conv1}). */
  private static String module(String name) {
    return name.replace('.', '_');
  }
}
