package org.resnetspark.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.config.Settings;
import org.resnetspark.job.ModelSpec;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.ModelSummary;
import org.resnetspark.model.TrainableParams;

/**
 * Trains and runs the network {@code train} builds on one batch of random data, with DL4J's stock
 * layers, then with the fast ones, and with the reference engine when the build has one; all in
 * this JVM on the same number of threads, one engine at a time, so the ratios come from the same
 * cores at the same time.
 */
public final class ModelBenchmark {

  /** Classes of the output layer; the cost of the classifier is negligible either way. */
  public static final int CLASSES = 10;

  static final String REFERENCE_CLASS = "org.resnetspark.bench.LibtorchEngine";

  private ModelBenchmark() {}

  /**
   * The measurements of one run; {@code libtorch} is empty without the reference build. {@code
   * multiplyAdds} are those of one image's forward pass; {@code peakGflops} is the best sgemm rate
   * measured in the same run ({@link PeakFlops}).
   */
  public record Result(
      ModelSpec spec,
      int batch,
      int threads,
      long multiplyAdds,
      double peakGflops,
      EngineRun stock,
      EngineRun fast,
      Optional<EngineRun> libtorch) {

    /**
     * An engine's training GFLOP/s, counting a training step as three forward passes (forward,
     * gradient of the input, gradient of the weights) of two FLOPs per multiply-add.
     */
    public double trainGflops(EngineRun run) {
      return run.throughput().trainImagesPerSec() * 3 * 2 * multiplyAdds / 1e9;
    }

    /** {@link #trainGflops} as a fraction of {@code peakGflops}. */
    public double fractionOfPeak(EngineRun run) {
      return trainGflops(run) / peakGflops;
    }
  }

  /**
   * The network {@code train} builds with {@code settings} for {@link #CLASSES} classes and {@code
   * input} ({@code HxWxC}), or the variant's default input when it is null.
   */
  public static ModelSpec spec(Settings settings, String input) {
    ModelOptions shape = ModelOptions.defaultsFor(ModelSpec.variantOf(settings));
    if (input != null) {
      shape = shape.withInput(input);
    }
    return ModelSpec.of(settings, CLASSES, shape.height(), shape.width(), shape.channels());
  }

  public static Result run(
      ModelSpec spec, int batch, int threads, BenchSchedule schedule, Consumer<String> progress) {
    if (batch < 1) {
      throw new ConfigException("Invalid batch: %s (expected 1 or more)", batch);
    }
    if (threads < 1) {
      throw new ConfigException("Invalid threads: %s (expected 1 or more)", threads);
    }
    int nd4jThreads = nd4jThreads();
    if (threads != nd4jThreads) {
      throw new ConfigException(
          "Invalid threads: %s (ND4J runs %s threads here, fixed when it starts: leave --threads"
              + " out, or start with OMP_NUM_THREADS=%s)",
          threads, nd4jThreads, threads);
    }
    // Building the plan checks the input and shortcut against the variant before anything runs.
    spec.plan();
    BenchInput input = BenchInput.of(spec.options(), batch);
    long multiplyAdds = ModelSummary.of(spec.variant(), spec.options()).multiplyAdds();
    useThreads(threads);
    double peak = PeakFlops.sgemmGflops();
    EngineRun stock = measure(spec.withEngine(ConvolutionEngine.STOCK), input, threads, schedule);
    progress.accept(line("stock", stock));
    EngineRun fast = measure(spec.withEngine(ConvolutionEngine.FAST), input, threads, schedule);
    progress.accept(line("fast", fast));
    Optional<EngineRun> reference =
        reference().map(engine -> engine.measure(spec, input, threads, schedule));
    reference.ifPresent(run -> progress.accept(line("libtorch", run)));
    return new Result(spec, batch, threads, multiplyAdds, peak, stock, fast, reference);
  }

  /**
   * An engine's figures as soon as it has run: the result is printed once all have, and a native
   * crash in a later engine (libtorch's oneDNN on some machines) would lose them.
   */
  private static String line(String engine, EngineRun run) {
    return String.format(
        Locale.ROOT,
        "%s: train %.1f img/s, infer %.1f img/s",
        engine,
        run.throughput().trainImagesPerSec(),
        run.throughput().inferImagesPerSec());
  }

  /** One DL4J engine; its arrays and workspaces are released before this returns. */
  static EngineRun measure(ModelSpec spec, BenchInput input, int threads, BenchSchedule schedule) {
    long resident = ResidentMemory.megabytes();
    Map<String, Integer> reported = useThreads(threads);
    ComputationGraph net = spec.build();
    INDArray features = input.features();
    DataSet data = new DataSet(features, input.oneHotLabels());
    double train = imagesPerSec(input.batch(), schedule, () -> net.fit(data));
    double infer = imagesPerSec(input.batch(), schedule, () -> net.output(false, features));
    long params = TrainableParams.count(net);
    net.clear();
    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    // ND4J frees native buffers when their Java objects are collected.
    System.gc();
    return new EngineRun(new Throughput(train, infer), params, reported, resident);
  }

  /**
   * The threads ND4J runs, which every engine gets. libnd4j reads them from {@code OMP_NUM_THREADS}
   * (else the cores) when it starts; in 1.0.0-M2.1 {@code Environment.setMaxThreads} does nothing
   * afterwards.
   */
  public static int nd4jThreads() {
    return Nd4j.getEnvironment().maxThreads();
  }

  /**
   * Sets ND4J's thread pools and libnd4j's OpenMP threads (which oneDNN runs on), and returns what
   * they say they are now.
   */
  private static Map<String, Integer> useThreads(int threads) {
    Environment environment = Nd4j.getEnvironment();
    environment.setMaxThreads(threads);
    environment.setMaxMasterThreads(threads);
    NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    ops.setOmpNumThreads(threads);
    return Map.of(
        "nd4jMaxThreads", environment.maxThreads(),
        "nd4jMaxMasterThreads", environment.maxMasterThreads(),
        "openMpMaxThreads", ops.ompGetMaxThreads());
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
