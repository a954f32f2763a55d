package org.resnetspark.bench;

import static org.bytedeco.pytorch.global.torch.cross_entropy_loss;
import static org.bytedeco.pytorch.global.torch.get_num_threads;
import static org.bytedeco.pytorch.global.torch.globalContext;
import static org.bytedeco.pytorch.global.torch.manual_seed;
import static org.bytedeco.pytorch.global.torch.set_num_threads;
import static org.bytedeco.pytorch.global.torch.tensor;

import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OptimizerParamGroup;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.job.ModelSpec;

/**
 * The network {@code train} builds, in libtorch (its CPU kernels, oneDNN convolutions included),
 * trained with SGD with the same Nesterov momentum and weight decay on the same batch and threads.
 * torch adds the decay to the gradient before momentum, DL4J subtracts it after the updater; the
 * work per step is the same.
 */
public final class LibtorchEngine implements ReferenceEngine {

  /**
   * Set to false to run libtorch's own convolution kernels instead of oneDNN's: on virtual machines
   * that report no CPU cache sizes, libtorch 2.10's oneDNN divides by zero (SIGFPE, the JVM dies)
   * while planning the backward pass of strided 1x1 convolutions, as in ResNet-50.
   */
  public static final String ONEDNN = "resnetspark.libtorch.onednn";

  @Override
  public EngineRun measure(ModelSpec spec, BenchInput input, int threads, BenchSchedule schedule) {
    long resident = ResidentMemory.megabytes();
    set_num_threads(threads);
    Map<String, Integer> reported = Map.of("torchNumThreads", get_num_threads());
    globalContext().setUserEnabledMkldnn(Boolean.parseBoolean(System.getProperty(ONEDNN, "true")));
    manual_seed(7);
    Nesterovs nesterovs = (Nesterovs) spec.optimization().updater();
    try (PointerScope outer = new PointerScope()) {
      TorchNetwork net = new TorchNetwork(spec.plan());
      SGD optimizer =
          new SGD(
              net.decayedParameters(),
              options(nesterovs, spec.optimization().weightDecay()));
      optimizer.add_param_group(
          new OptimizerParamGroup(net.notDecayedParameters(), options(nesterovs, 0)));
      Tensor features = tensor(input.pixels()).reshape(input.dimensions());
      long[] labelValues = new long[input.batch()];
      for (int i = 0; i < labelValues.length; i++) {
        labelValues[i] = input.labels()[i];
      }
      Tensor labels = tensor(labelValues);
      long params = 0;
      for (Tensor p : net.parameters().get()) {
        params += p.requires_grad() ? p.numel() : 0;
      }

      net.train(true);
      double train =
          ModelBenchmark.imagesPerSec(
              input.batch(),
              schedule,
              () -> {
                try (PointerScope step = new PointerScope()) {
                  optimizer.zero_grad();
                  cross_entropy_loss(net.forward(features), labels).backward();
                  optimizer.step();
                }
              });
      net.eval();
      double infer;
      try (NoGradGuard noGrad = new NoGradGuard()) {
        infer =
            ModelBenchmark.imagesPerSec(
                input.batch(),
                schedule,
                () -> {
                  try (PointerScope step = new PointerScope()) {
                    net.forward(features);
                  }
                });
      }
      return new EngineRun(new Throughput(train, infer), params, reported, resident);
    }
  }

  private static SGDOptions options(Nesterovs nesterovs, double weightDecay) {
    SGDOptions options = new SGDOptions(nesterovs.getLearningRate());
    options.momentum().put(nesterovs.getMomentum());
    options.nesterov().put(true);
    options.weight_decay().put(weightDecay);
    return options;
  }
}
