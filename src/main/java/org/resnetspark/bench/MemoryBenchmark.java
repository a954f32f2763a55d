package org.resnetspark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.job.ModelSpec;
import org.resnetspark.model.BackpropFloor;

/**
 * The memory of training steps of the network {@code train} builds, against the floor of what
 * backprop must keep ({@link BackpropFloor}).
 *
 * <p>Measured as the process's peak resident memory (the kernel's high-water mark, reset before the
 * network is built) above what was resident before: exact, where sampling {@code
 * Pointer.physicalBytes()} would miss short peaks, and it counts every native allocation, where
 * JavaCPP's {@code totalBytes()} sees neither libnd4j's array buffers nor ND4J's workspaces (both
 * are allocated in native code). It includes the parameters, their gradients and the updater state,
 * which do not grow with the batch, so the bytes one more image costs are the slope between two
 * batches; that slope is what compares with the floor. Each batch runs in a new JVM ({@link
 * MemoryProbe}): memory the C allocator got back from one network stays resident, and the next
 * would reuse it without raising the peak.
 */
public final class MemoryBenchmark {

  private MemoryBenchmark() {}

  /**
   * One network at one batch: the peak resident bytes of building it and training {@code steps}
   * steps, the bytes of its parameters, and DL4J's workspaces (name to bytes) after the steps.
   */
  public record Measurement(
      int batch, long peakBytes, long parameterBytes, Map<String, Long> workspaces) {

    public double peakBytesPerImage() {
      return (double) peakBytes / batch;
    }
  }

  /** One network at every batch, smallest first, with its floor. */
  public record Result(ModelSpec spec, BackpropFloor floor, List<Measurement> measurements) {

    /**
     * The bytes one more image costs between {@code measurements[i - 1]} and {@code
     * measurements[i]}; NaN for the first.
     */
    public double marginalBytesPerImage(int i) {
      if (i == 0) {
        return Double.NaN;
      }
      Measurement a = measurements.get(i - 1);
      Measurement b = measurements.get(i);
      return (double) (b.peakBytes() - a.peakBytes()) / (b.batch() - a.batch());
    }

    /** The peak at {@code batch} on the line through the two largest batches measured. */
    public double projectedPeakBytes(int batch) {
      int last = measurements.size() - 1;
      if (last < 1) {
        return Double.NaN;
      }
      Measurement b = measurements.get(last);
      return b.peakBytes() + marginalBytesPerImage(last) * (batch - b.batch());
    }
  }

  /**
   * Measures the network {@code settings} (model keys) describe for {@code input} (HxWxC, or null
   * for the variant's), at each batch in a JVM of its own.
   */
  public static Result run(List<String> settings, String input, List<Integer> batches, int steps) {
    if (batches.isEmpty() || batches.stream().anyMatch(b -> b < 1)) {
      throw new ConfigException(
          "Invalid batches: %s (expected one or more, each 1 or more)", batches);
    }
    if (steps < 1) {
      throw new ConfigException("Invalid steps: %s (expected 1 or more)", steps);
    }
    ModelSpec spec = ModelBenchmark.spec(ConfigLoader.load(null, settings), input);
    BackpropFloor floor = BackpropFloor.of(spec.plan(), spec.options());
    List<Measurement> measurements = new ArrayList<>();
    for (int batch : batches.stream().sorted().distinct().toList()) {
      measurements.add(MemoryProbe.inNewJvm(settings, input, batch, steps));
    }
    return new Result(spec, floor, measurements);
  }

  /**
   * Builds the network and trains {@code steps} steps in this JVM, which must not have trained
   * before: memory the C allocator got back from an earlier network stays resident, and a later one
   * would reuse it without raising the peak.
   */
  static Measurement measure(ModelSpec spec, int batch, int steps) {
    BenchInput input = BenchInput.of(spec.options(), batch);
    DataSet data = new DataSet(input.features(), input.oneHotLabels());
    long before = ResidentMemory.bytes();
    if (!ResidentMemory.resetPeak() || before < 0) {
      throw new IllegalStateException(
          "bench memory reads the peak resident memory from /proc/self/status after resetting it"
              + " through /proc/self/clear_refs (Linux 4.0 or later); this system allows neither");
    }
    ComputationGraph net = spec.build();
    for (int i = 0; i < steps; i++) {
      net.fit(data);
    }
    long peak = ResidentMemory.peakBytes() - before;
    long parameterBytes = net.params().length() * BackpropFloor.BYTES_PER_FLOAT;
    Map<String, Long> workspaces = new TreeMap<>();
    for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
      workspaces.merge(w.getId(), w.getCurrentSize(), Long::sum);
    }
    return new Measurement(batch, peak, parameterBytes, workspaces);
  }
}
