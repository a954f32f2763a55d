package org.resnetspark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundCostModelTest {
  private static final RoundCostModel KNOWN = new RoundCostModel(3, 0.8, 4, 1.5, 60, 12);

  @Test
  void treeFanInFollowsSparkTreeAggregateLevels() {
    assertThat(RoundCostModel.treeFanIn(1, 2)).isEqualTo(1);
    assertThat(RoundCostModel.treeFanIn(2, 2)).isEqualTo(2);
    assertThat(RoundCostModel.treeFanIn(4, 2)).isEqualTo(4);
    // scale 4: 16 partitions -> 4 receivers of 4 results each, then the driver takes 4.
    assertThat(RoundCostModel.treeFanIn(16, 2)).isEqualTo(8);
    assertThat(RoundCostModel.treeFanIn(100, 2)).isEqualTo(20);
    // scale 23: 512 -> 22 receivers of up to 24 results, then the driver takes 22.
    assertThat(RoundCostModel.treeFanIn(512, 2)).isEqualTo(46);
    // Depth 1 never adds a level: the driver takes every result.
    assertThat(RoundCostModel.treeFanIn(512, 1)).isEqualTo(512);
    // A deeper tree takes fewer results on the critical path.
    assertThat(RoundCostModel.treeFanIn(512, 4)).isLessThan(RoundCostModel.treeFanIn(512, 2));
  }

  @Test
  void roundIsTheSumOfItsParts() {
    double mbPerMs = 1.25; // 10 Gbit/s
    double sum =
        85.0
            + KNOWN.broadcastMs(32, 100, mbPerMs)
            + KNOWN.aggregateMs(32, 100, 2, mbPerMs)
            + KNOWN.overheadMs(32);
    assertThat(KNOWN.roundMs(32, 85.0, 100, 2, mbPerMs)).isCloseTo(sum, within(1e-9));
    assertThat(KNOWN.overheadMs(32)).isEqualTo(60 + 12 * 32);
  }

  @Test
  void networkAddsTransferOfEveryDoublingAndEveryMergedResult() {
    double mb = 100;
    double mbPerMs = 1.25;
    double broadcast = KNOWN.broadcastMs(7, mb, mbPerMs);
    double loopback = KNOWN.broadcastMs(7, mb, RoundCostModel.NO_NETWORK);
    // 7 executors: ceil(log2(8)) = 3 doublings of the torrent.
    assertThat(broadcast - loopback).isCloseTo(3 * mb / mbPerMs, within(1e-9));
    assertThat(loopback).isCloseTo(3 + 0.8 * mb, within(1e-9));
    double aggregate = KNOWN.aggregateMs(7, mb, 2, mbPerMs);
    double aggregateLoopback = KNOWN.aggregateMs(7, mb, 2, RoundCostModel.NO_NETWORK);
    int fanIn = RoundCostModel.treeFanIn(7, 2);
    assertThat(aggregate - aggregateLoopback).isCloseTo(fanIn * mb / mbPerMs, within(1e-9));
  }

  @Test
  void fitRecoversTheConstantsOfExactMeasurements() {
    RoundCostModel fitted = RoundCostModel.fit(samples(KNOWN));

    assertThat(fitted.b0()).isCloseTo(3, within(1e-4));
    assertThat(fitted.b1()).isCloseTo(0.8, within(1e-4));
    assertThat(fitted.a0()).isCloseTo(4, within(1e-4));
    assertThat(fitted.a1()).isCloseTo(1.5, within(1e-4));
    assertThat(fitted.o0()).isCloseTo(60, within(1e-4));
    assertThat(fitted.o1()).isCloseTo(12, within(1e-4));
  }

  @Test
  void aSlopeFittedBelowZeroIsDroppedAndTheRestRefitted() {
    // Overhead measured falling from 1 to 2 executors (noise): no negative cost per executor.
    List<RoundCostModel.Sample> samples = new ArrayList<>();
    for (RoundCostModel.Sample s : samples(KNOWN)) {
      double overhead = s.executors() == 1 ? 70 : 50;
      samples.add(
          new RoundCostModel.Sample(
              s.variant(),
              s.executors(),
              s.workerGflop(),
              s.payloadMb(),
              s.depth(),
              s.computeMs(),
              s.broadcastMs(),
              s.aggregateMs(),
              overhead,
              s.roundMs() - s.overheadMs() + overhead));
    }

    RoundCostModel fitted = RoundCostModel.fit(samples);

    assertThat(fitted.o1()).isZero();
    assertThat(fitted.o0()).isCloseTo(60, within(1e-6));
    assertThat(fitted.overheadMs(512)).isCloseTo(60, within(1e-6));
  }

  @Test
  void fitOnOneExecutorCountStillPredictsThatCount() {
    List<RoundCostModel.Sample> one =
        samples(KNOWN).stream().filter(s -> s.executors() == 2).toList();

    RoundCostModel fitted = RoundCostModel.fit(one);

    for (RoundCostModel.Sample s : one) {
      assertThat(fitted.predictMs(s)).isCloseTo(s.roundMs(), within(1e-3));
    }
  }

  @Test
  void leaveOneOutNamesEachLeftOutVariantAndItsError() {
    List<RoundCostModel.Sample> samples = samples(KNOWN);

    List<RoundCostModel.LeftOut> errors = RoundCostModel.leaveOneVariantOut(samples);

    assertThat(errors)
        .extracting(RoundCostModel.LeftOut::variant)
        .containsExactly("v1", "v1", "v2", "v2", "v3", "v3", "v4", "v4");
    assertThat(errors).extracting(RoundCostModel.LeftOut::executors).containsOnly(1, 2);
    for (RoundCostModel.LeftOut e : errors) {
      assertThat(e.relativeError()).isCloseTo(0, within(1e-6));
      assertThat(e.communicationError()).isCloseTo(0, within(1e-6));
      assertThat(e.measuredMs()).isPositive();
      assertThat(e.measuredCommunicationMs()).isLessThan(e.measuredMs());
    }
  }

  /** Four model sizes at 1 and 2 executors, with the parts {@code model} gives them. */
  private static List<RoundCostModel.Sample> samples(RoundCostModel model) {
    List<RoundCostModel.Sample> out = new ArrayList<>();
    double[][] sizes = {{0.1, 0.6}, {0.3, 2.2}, {1.1, 6.8}, {2.0, 13.5}};
    for (int v = 0; v < sizes.length; v++) {
      for (int n = 1; n <= 2; n++) {
        double g = sizes[v][0];
        double mb = sizes[v][1];
        // Compute is the executors' own, not fitted: its rate per GFLOP may differ by variant.
        double c = 5 + 40 * g * (v + 1);
        double b = model.broadcastMs(n, mb, RoundCostModel.NO_NETWORK);
        double a = model.aggregateMs(n, mb, 2, RoundCostModel.NO_NETWORK);
        double o = model.overheadMs(n);
        out.add(new RoundCostModel.Sample("v" + (v + 1), n, g, mb, 2, c, b, a, o, c + b + a + o));
      }
    }
    return out;
  }
}
