package org.resnetspark.bench;

import java.util.Arrays;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConvolutionEngine;

/**
 * Trains and runs one benchmark network on random data with DL4J's stock convolutions, then with
 * the fast ones, and with the reference engine when the build has one; all in this JVM, so the
 * ratios come from the same cores at the same time.
 */
public final class ModelBenchmark {

  /** Classes of the output layer; the cost of the classifier is negligible either way. */
  static final int CLASSES = 10;

  static final String REFERENCE_CLASS = "org.resnetspark.bench.LibtorchEngine";

  private ModelBenchmark() {}

  /** The three measurements of one run; {@code libtorch} is empty without the reference build. */
  public record Result(Throughput stock, Throughput fast, Optional<Throughput> libtorch) {}

  public static Result run(
      BenchVariant variant, BenchShape shape, int batch, BenchSchedule schedule) {
    check(variant, shape, batch);
    Throughput stock = measure(variant, shape, batch, ConvolutionEngine.STOCK, schedule);
    Throughput fast = measure(variant, shape, batch, ConvolutionEngine.FAST, schedule);
    Optional<Throughput> reference =
        reference().map(engine -> engine.measure(variant, shape, batch, schedule));
    return new Result(stock, fast, reference);
  }

  public static Throughput measure(
      BenchVariant variant,
      BenchShape shape,
      int batch,
      ConvolutionEngine engine,
      BenchSchedule schedule) {
    check(variant, shape, batch);
    ComputationGraph net =
        new ComputationGraph(BenchNetworks.configuration(variant, shape, CLASSES, engine));
    net.init();
    Nd4j.getRandom().setSeed(7);
    INDArray features =
        Nd4j.rand(DataType.FLOAT, batch, shape.channels(), shape.height(), shape.width());
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, CLASSES);
    for (int i = 0; i < batch; i++) {
      labels.putScalar(i, i % CLASSES, 1f);
    }
    DataSet data = new DataSet(features, labels);
    double train = imagesPerSec(batch, schedule, () -> net.fit(data));
    double infer = imagesPerSec(batch, schedule, () -> net.output(false, features));
    return new Throughput(train, infer);
  }

  static double imagesPerSec(int batch, BenchSchedule schedule, Runnable step) {
    for (int i = 0; i < schedule.warmup(); i++) {
      step.run();
    }
    long[] nanos = new long[schedule.iterations()];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      step.run();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    double median =
        nanos.length % 2 == 1
            ? nanos[nanos.length / 2]
            : (nanos[nanos.length / 2 - 1] + nanos[nanos.length / 2]) / 2.0;
    return batch / (median / 1e9);
  }

  static void check(BenchVariant variant, BenchShape shape, int batch) {
    if (batch < 1) {
      throw new ConfigException("Invalid batch: %s (expected 1 or more)", batch);
    }
    int minimum = variant.imagenetStem() ? 32 : 4;
    if (shape.height() < minimum || shape.width() < minimum) {
      throw new ConfigException(
          "Invalid input: %s for %s (height and width must be at least %s)",
          shape.label(), variant.label(), minimum);
    }
  }

  /** The libtorch engine when the build includes it. */
  static Optional<ReferenceEngine> reference() {
    try {
      Class<?> type = Class.forName(REFERENCE_CLASS);
      return Optional.of((ReferenceEngine) type.getDeclaredConstructor().newInstance());
    } catch (ClassNotFoundException | LinkageError e) {
      // Not built with the libtorch profile, or built with it but run without libtorch's jars.
      return Optional.empty();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create " + REFERENCE_CLASS, e);
    }
  }
}
