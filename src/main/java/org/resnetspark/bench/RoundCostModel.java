package org.resnetspark.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The time of one synchronous averaging round with {@code N} executors:
 *
 * <pre>
 * t(N) = compute + broadcast(N, B) + aggregate(N, B, depth) + overhead(N)
 * broadcast(N, B)    = b0 + b1 * B + B * ceil(log2(N + 1)) / bandwidth
 * aggregate(N, B, d) = a0 + (a1 + 1 / bandwidth) * B * F(N, d)
 * overhead(N)        = o0 + o1 * N
 * </pre>
 *
 * compute is what one executor takes to train its share of the round, an input rather than a fitted
 * term: per FLOP it differs too much between architectures on one machine (measured on 2 cores,
 * ResNet-110 at 32x32 trained at about 42 GFLOP/s per executor, ResNet-50 at 32x32 at about 3) for
 * a model fitted on some to carry to another. B is the megabytes of parameters plus updater state
 * (what the broadcast and every task result carry). F(N, d) is the results a receiver takes in turn
 * along Spark's {@code treeAggregate} of N partitions at depth d ({@link #treeFanIn}). The
 * constants come from measurements ({@link #fit}); on loopback there is no network, so they are the
 * CPU's costs per megabyte (serialising, copying, deserialising, summing), and the transfer over a
 * network of {@code bandwidth} MB/ms is added on top: the broadcast as the torrent of Spark's
 * {@code TorrentBroadcast} spreading in doubling rounds, the results as each level's receiver
 * taking its fan-in over its own link.
 */
public record RoundCostModel(double b0, double b1, double a0, double a1, double o0, double o1) {

  /** One measured round: its sizes and its four parts in milliseconds. */
  public record Sample(
      String variant,
      int executors,
      double workerGflop,
      double payloadMb,
      int depth,
      double computeMs,
      double broadcastMs,
      double aggregateMs,
      double overheadMs,
      double roundMs) {}

  /**
   * A measured round of a variant left out of the fit and the model's prediction of it (with the
   * round's own compute), and the same for its communication (broadcast, aggregate, overhead).
   */
  public record LeftOut(
      String variant,
      int executors,
      double measuredMs,
      double predictedMs,
      double measuredCommunicationMs,
      double predictedCommunicationMs) {
    public double relativeError() {
      return (predictedMs - measuredMs) / measuredMs;
    }

    public double communicationError() {
      return (predictedCommunicationMs - measuredCommunicationMs) / measuredCommunicationMs;
    }
  }

  /** Loopback: no transfer term. */
  public static final double NO_NETWORK = Double.POSITIVE_INFINITY;

  /** Least squares of each part against its own terms, over {@code samples}. */
  public static RoundCostModel fit(List<Sample> samples) {
    double[] b = fitPart(samples, s -> s.broadcastMs(), s -> new double[] {1, s.payloadMb()});
    double[] a =
        fitPart(
            samples,
            s -> s.aggregateMs(),
            s -> new double[] {1, s.payloadMb() * treeFanIn(s.executors(), s.depth())});
    double[] o = fitPart(samples, s -> s.overheadMs(), s -> new double[] {1, s.executors()});
    return new RoundCostModel(b[0], b[1], a[0], a[1], o[0], o[1]);
  }

  /**
   * For each variant, the model fitted on the other variants' samples predicts this variant's
   * rounds: how well the constants carry to a model size they were not fitted on.
   */
  public static List<LeftOut> leaveOneVariantOut(List<Sample> samples) {
    List<LeftOut> out = new ArrayList<>();
    for (String variant : new LinkedHashSet<>(samples.stream().map(Sample::variant).toList())) {
      List<Sample> rest = samples.stream().filter(s -> !s.variant().equals(variant)).toList();
      if (rest.isEmpty()) {
        continue;
      }
      RoundCostModel model = fit(rest);
      for (Sample s : samples) {
        if (s.variant().equals(variant)) {
          double predicted = model.predictMs(s);
          out.add(
              new LeftOut(
                  variant,
                  s.executors(),
                  s.roundMs(),
                  predicted,
                  s.broadcastMs() + s.aggregateMs() + s.overheadMs(),
                  predicted - s.computeMs()));
        }
      }
    }
    return out;
  }

  private static double[] fitPart(
      List<Sample> samples,
      ToDoubleFunction<Sample> target,
      java.util.function.Function<Sample, double[]> terms) {
    double[][] x = new double[samples.size()][];
    double[] y = new double[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      x[i] = terms.apply(samples.get(i));
      y[i] = target.applyAsDouble(samples.get(i));
    }
    double[] c = LeastSquares.solve(x, y);
    // A cost cannot fall as bytes or executors grow: a negative slope is noise between few
    // points, which extrapolated to hundreds of executors would go below zero. Refit without it.
    for (int j = 1; j < c.length; j++) {
      if (c[j] < 0) {
        int drop = j;
        double[] kept = fitPart(samples, target, s -> without(terms.apply(s), drop));
        double[] out = new double[c.length];
        System.arraycopy(kept, 0, out, 0, drop);
        System.arraycopy(kept, drop, out, drop + 1, kept.length - drop);
        return out;
      }
    }
    return c;
  }

  /** {@code values} without the one at {@code index}. */
  private static double[] without(double[] values, int index) {
    double[] rest = new double[values.length - 1];
    System.arraycopy(values, 0, rest, 0, index);
    System.arraycopy(values, index + 1, rest, index, values.length - index - 1);
    return rest;
  }

  public double broadcastMs(int executors, double payloadMb, double mbPerMs) {
    double spread = Math.ceil(Math.log(executors + 1.0) / Math.log(2));
    return b0 + b1 * payloadMb + payloadMb * spread / mbPerMs;
  }

  public double aggregateMs(int executors, double payloadMb, int depth, double mbPerMs) {
    return a0 + (a1 + 1 / mbPerMs) * payloadMb * treeFanIn(executors, depth);
  }

  public double overheadMs(int executors) {
    return o0 + o1 * executors;
  }

  /** t(N) for a round whose executors compute for {@code computeMs}, over {@code mbPerMs}. */
  public double roundMs(
      int executors, double computeMs, double payloadMb, int depth, double mbPerMs) {
    return computeMs
        + broadcastMs(executors, payloadMb, mbPerMs)
        + aggregateMs(executors, payloadMb, depth, mbPerMs)
        + overheadMs(executors);
  }

  /** A sample's round as the model predicts it on loopback. */
  public double predictMs(Sample s) {
    return roundMs(s.executors(), s.computeMs(), s.payloadMb(), s.depth(), NO_NETWORK);
  }

  /**
   * The results one receiver merges in turn along the critical path of Spark's {@code
   * treeAggregate} (RDD.scala, Spark 3.5) of {@code partitions} at {@code depth}: while another
   * level saves time, the partitions shrink by {@code scale = max(ceil(p^(1/depth)), 2)} and each
   * of the new level's receivers takes about p / next results; the driver then takes the last
   * level's. Depth 2 with 2 partitions: 2; with 512: 24 + 22 = 46.
   */
  public static int treeFanIn(int partitions, int depth) {
    int p = partitions;
    int scale = Math.max((int) Math.ceil(Math.pow(p, 1.0 / depth)), 2);
    int total = 0;
    while (p > scale + (int) Math.ceil((double) p / scale)) {
      int next = p / scale;
      total += (int) Math.ceil((double) p / next);
      p = next;
    }
    return total + p;
  }
}
