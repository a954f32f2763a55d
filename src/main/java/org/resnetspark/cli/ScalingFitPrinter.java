package org.resnetspark.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.resnetspark.bench.RoundCostModel;
import org.resnetspark.bench.ScalingProjection;

/** The text of {@code bench scaling --fit}: constants, left-out errors, the projection table. */
final class ScalingFitPrinter {
  private ScalingFitPrinter() {}

  static void print(
      PrintWriter out,
      RoundCostModel m,
      List<RoundCostModel.LeftOut> leftOut,
      List<ScalingProjection.Cell> projection) {
    out.println();
    out.println("round cost model (ms; B = MB of parameters and updater state, F = results merged");
    out.println(
        "in turn by treeAggregate, bw = MB/ms; compute is the executors' own, not fitted):");
    out.printf(
        Locale.ROOT, "  broadcast = %.3f + %.3f B + B ceil(log2(N+1)) / bw%n", m.b0(), m.b1());
    out.printf(Locale.ROOT, "  aggregate = %.3f + (%.3f + 1/bw) B F(N, depth)%n", m.a0(), m.a1());
    out.printf(Locale.ROOT, "  overhead  = %.3f + %.3f N%n", m.o0(), m.o1());
    out.println();
    out.println(
        "each variant predicted by the model fitted without it (round ms, with its own compute;"
            + " then broadcast + aggregate + overhead alone):");
    for (RoundCostModel.LeftOut e : leftOut) {
      out.printf(
          Locale.ROOT,
          "  %-10s %2d executors  measured %9.1f  predicted %9.1f  error %+6.1f%%"
              + "   communication %8.1f / %8.1f  %+6.1f%%%n",
          e.variant(),
          e.executors(),
          e.measuredMs(),
          e.predictedMs(),
          100 * e.relativeError(),
          e.measuredCommunicationMs(),
          e.predictedCommunicationMs(),
          100 * e.communicationError());
    }
    out.println();
    out.println("model output, not a measurement: ResNet-50, ImageNet, 32 images x 5 minibatches");
    out.println("per worker per round; efficiency = compute / round");
    for (ScalingProjection.Executor e : List.of(ScalingProjection.CPU, ScalingProjection.GPU)) {
      out.printf(Locale.ROOT, "  %s: %.0f GFLOP/s, %s%n", e.name(), e.trainGflops(), e.source());
    }
    out.printf(
        Locale.ROOT,
        "  %-4s %6s %5s %9s %9s %9s %9s %6s  %s%n",
        "kind",
        "execs",
        "Gbit",
        "compute",
        "broadcast",
        "aggregate",
        "round",
        "eff%",
        "largest cost");
    for (ScalingProjection.Cell c : projection) {
      out.printf(
          Locale.ROOT,
          "  %-4s %6d %5.0f %9.0f %9.0f %9.0f %9.0f %6.1f  %s%n",
          c.executor(),
          c.executors(),
          c.gbitPerSec(),
          c.computeMs(),
          c.broadcastMs(),
          c.aggregateMs(),
          c.roundMs(),
          100 * c.efficiency(),
          c.largestCost());
    }
  }
}
