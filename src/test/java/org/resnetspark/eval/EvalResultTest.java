package org.resnetspark.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.factory.Nd4j;

class EvalResultTest {
  /** Actual 0,0,0,1,1 predicted 0,0,1,1,1 over classes a, b, c (c never present nor predicted). */
  private static EvalResult result() {
    Evaluation e = new Evaluation(List.of("a", "b", "c"), 1);
    int[] actual = {0, 0, 0, 1, 1};
    int[] predicted = {0, 0, 1, 1, 1};
    var labels = Nd4j.zeros(5, 3);
    var outputs = Nd4j.zeros(5, 3);
    for (int i = 0; i < 5; i++) {
      labels.putScalar(i, actual[i], 1.0);
      outputs.putScalar(i, predicted[i], 0.9);
      outputs.putScalar(i, (predicted[i] + 1) % 3, 0.1);
    }
    e.eval(labels, outputs);
    return new EvalResult(0.5, 0.1, e.accuracy(), e.topNAccuracy(), 5, e);
  }

  @Test
  void countsTheConfusionCells() {
    EvalResult r = result();
    assertThat(r.numClasses()).isEqualTo(3);
    assertThat(r.count(0, 0)).isEqualTo(2);
    assertThat(r.count(0, 1)).isEqualTo(1);
    assertThat(r.count(1, 1)).isEqualTo(2);
    assertThat(r.count(1, 0)).isZero();
    assertThat(r.count(2, 2)).isZero();
  }

  @Test
  void perClassMetricsFollowTheirDefinitions() {
    List<ClassMetrics> m = result().perClass();
    assertThat(m).extracting(ClassMetrics::classIndex).containsExactly(0, 1, 2);
    assertThat(m).extracting(ClassMetrics::support).containsExactly(3L, 2L, 0L);
    // a: TP 2, FP 0, FN 1.
    assertThat(m.get(0).precision()).isEqualTo(1.0);
    assertThat(m.get(0).recall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.get(0).f1()).isCloseTo(0.8, within(1e-12));
    // b: TP 2, FP 1, FN 0.
    assertThat(m.get(1).precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.get(1).recall()).isEqualTo(1.0);
    assertThat(m.get(1).f1()).isCloseTo(0.8, within(1e-12));
    // c: neither present nor predicted: nothing is defined.
    assertThat(m.get(2).precision()).isNull();
    assertThat(m.get(2).recall()).isNull();
    assertThat(m.get(2).f1()).isNull();
  }

  @Test
  void aClassNeverPredictedHasZeroF1AndNoPrecision() {
    ClassMetrics m = ClassMetrics.of(4, 0, 0, 3);
    assertThat(m.precision()).isNull();
    assertThat(m.recall()).isEqualTo(0.0);
    assertThat(m.f1()).isEqualTo(0.0);
    assertThat(m.support()).isEqualTo(3);
  }
}
