package org.resnetspark.bench;

import java.util.ArrayList;
import java.util.List;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.ModelSummary;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;

/**
 * The cost model's projection for ResNet-50 on ImageNet (224x224x3, 1000 classes) at the recipe's
 * worker batch and averaging frequency ({@code conf/resnet50-imagenet.conf}: 32 and 5): round time
 * and scaling efficiency (compute / round: the share of N executors' time spent training) over
 * executor counts, network bandwidths and executor kinds. The model's output, not a measurement.
 */
public final class ScalingProjection {
  public static final List<Integer> EXECUTORS = List.of(8, 32, 128, 512);
  public static final List<Double> GBIT_PER_SEC = List.of(10.0, 25.0, 100.0);
  static final int BATCH = 32;
  static final int AVERAGING_FREQUENCY = 5;

  /** What one executor trains at, in GFLOP/s, and where the figure comes from. */
  public record Executor(String name, double trainGflops, String source) {}

  public static final Executor CPU =
      new Executor(
          "cpu",
          16 * 60.0,
          "16 cores at 60 GFLOP/s each: the fast layers' ResNet-50 training rate on the 2-core"
              + " development machine (about 120 GFLOP/s, README 'bench model'), per core");

  public static final Executor GPU =
      new Executor(
          "gpu",
          0.4 * 15_700,
          "a V100-class GPU: 15.7 TFLOP/s fp32 peak (NVIDIA's data sheet) at an assumed 40%");

  /** One cell of the table, with the largest communication part named. */
  public record Cell(
      String executor,
      int executors,
      double gbitPerSec,
      double computeMs,
      double broadcastMs,
      double aggregateMs,
      double overheadMs,
      double roundMs,
      double efficiency,
      String largestCost) {}

  private ScalingProjection() {}

  /** The table for {@code model} with Spark's tree aggregation at {@code depth}. */
  public static List<Cell> project(RoundCostModel model, int depth) {
    Variant resnet50 = Variants.parse("resnet50");
    ModelSummary summary = ModelSummary.of(resnet50, ModelOptions.defaultsFor(resnet50));
    // Parameters and one momentum per parameter, as float; batch-norm statistics are 0.2% more.
    double payloadMb = 2.0 * summary.trainableParams() * Float.BYTES / 1e6;
    double workerGflop = 6.0 * summary.multiplyAdds() * BATCH * AVERAGING_FREQUENCY / 1e9;
    List<Cell> cells = new ArrayList<>();
    for (Executor executor : List.of(CPU, GPU)) {
      double compute = workerGflop / executor.trainGflops() * 1000;
      for (double gbit : GBIT_PER_SEC) {
        double mbPerMs = gbit / 8;
        for (int n : EXECUTORS) {
          double broadcast = model.broadcastMs(n, payloadMb, mbPerMs);
          double aggregate = model.aggregateMs(n, payloadMb, depth, mbPerMs);
          double overhead = model.overheadMs(n);
          double round = compute + broadcast + aggregate + overhead;
          String largest =
              broadcast >= aggregate && broadcast >= overhead
                  ? "broadcast"
                  : aggregate >= overhead ? "aggregate" : "overhead";
          cells.add(
              new Cell(
                  executor.name(),
                  n,
                  gbit,
                  compute,
                  broadcast,
                  aggregate,
                  overhead,
                  round,
                  compute / round,
                  largest));
        }
      }
    }
    return cells;
  }
}
