package org.resnetspark.bench;

import static org.bytedeco.pytorch.global.torch.cross_entropy_loss;
import static org.bytedeco.pytorch.global.torch.globalContext;
import static org.bytedeco.pytorch.global.torch.manual_seed;
import static org.bytedeco.pytorch.global.torch.randint;
import static org.bytedeco.pytorch.global.torch.randn;
import static org.bytedeco.pytorch.global.torch.set_num_threads;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;

/**
 * The benchmark network in libtorch (its CPU kernels, oneDNN convolutions included), trained with
 * the same SGD with Nesterov momentum on random data, on as many threads as this JVM has cores.
 */
public final class LibtorchEngine implements ReferenceEngine {

  /**
   * Set to false to run libtorch's own convolution kernels instead of oneDNN's: on virtual machines
   * that report no CPU cache sizes, libtorch 2.10's oneDNN divides by zero (SIGFPE, the JVM dies)
   * while planning the backward pass of strided 1x1 convolutions, as in ResNet-50.
   */
  public static final String ONEDNN = "resnetspark.libtorch.onednn";

  @Override
  public Throughput measure(
      BenchVariant variant, BenchShape shape, int batch, BenchSchedule schedule) {
    set_num_threads(Runtime.getRuntime().availableProcessors());
    globalContext().setUserEnabledMkldnn(Boolean.parseBoolean(System.getProperty(ONEDNN, "true")));
    manual_seed(7);
    try (PointerScope outer = new PointerScope()) {
      TorchResNet net = new TorchResNet(variant, shape.channels(), ModelBenchmark.CLASSES);
      SGDOptions options = new SGDOptions(0.01);
      options.momentum().put(0.9);
      options.nesterov().put(true);
      SGD optimizer = new SGD(net.parameters(), options);
      Tensor input = randn(batch, shape.channels(), shape.height(), shape.width());
      Tensor labels = randint(ModelBenchmark.CLASSES, new long[] {batch});

      net.train(true);
      double train =
          ModelBenchmark.imagesPerSec(
              batch,
              schedule,
              () -> {
                try (PointerScope step = new PointerScope()) {
                  optimizer.zero_grad();
                  cross_entropy_loss(net.forward(input), labels).backward();
                  optimizer.step();
                }
              });
      net.eval();
      double infer;
      try (NoGradGuard noGrad = new NoGradGuard()) {
        infer =
            ModelBenchmark.imagesPerSec(
                batch,
                schedule,
                () -> {
                  try (PointerScope step = new PointerScope()) {
                    net.forward(input);
                  }
                });
      }
      return new Throughput(train, infer);
    }
  }
}
