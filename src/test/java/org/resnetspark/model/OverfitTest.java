package org.resnetspark.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;

/** A tiny ResNet memorises a few dozen real images, the same way every time for one seed. */
@ExtendWith(SingleThreadedNd4j.class)
class OverfitTest {

  private static final int IMAGES = 32;
  private static final int STEPS = 15;

  /** Steps a second network with the same seed repeats, bit for bit. */
  private static final int REPEATED_STEPS = 5;

  private static DataSet images;

  @BeforeAll
  static void readImages() throws IOException {
    images = FashionMnist.first(IMAGES);
  }

  /**
   * ResNet-8 on 28x28x1 with SGD and Nesterov momentum 0.9. A network this shallow learns faster
   * with its residual branches on from the start, so the last BN gammas start at one here.
   */
  private static ComputationGraph resnet8(long seed) {
    Variant resnet8 = Variants.parse("resnet8");
    ModelOptions options =
        ModelOptions.defaultsFor(resnet8).withInput(28, 28, 1).withLastBnGamma(LastBnGamma.ONE);
    return ResNets.build(resnet8, options, new Optimization(new Nesterovs(0.2, 0.9), 1e-4, seed));
  }

  /** Full-batch steps; returns the loss of each. */
  private static List<Double> train(ComputationGraph graph, int steps) {
    List<Double> losses = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      graph.fit(images);
      losses.add(graph.score());
    }
    return losses;
  }

  @Test
  void lossFallsWellBelowItsStartAndRepeatsForTheSameSeed() {
    ComputationGraph first = resnet8(42);
    ComputationGraph second = resnet8(42);

    List<Double> losses = train(first, REPEATED_STEPS);
    INDArray paramsAfterRepeatedSteps = first.params().dup();
    losses.addAll(train(first, STEPS - REPEATED_STEPS));
    List<Double> repeated = train(second, REPEATED_STEPS);

    assertThat(losses.get(STEPS - 1)).isLessThan(0.1 * losses.get(0));
    INDArray predicted = first.output(true, images.getFeatures())[0].argMax(1);
    long correct =
        predicted.eq(images.getLabels().argMax(1)).castTo(DataType.INT).sumNumber().longValue();
    assertThat(correct).isGreaterThanOrEqualTo(IMAGES * 9 / 10);
    assertThat(repeated).isEqualTo(losses.subList(0, REPEATED_STEPS));
    assertThat(second.params()).isEqualTo(paramsAfterRepeatedSteps);
  }

  @Test
  void differentSeedsStartFromDifferentWeights() {
    assertThat(resnet8(1).params()).isNotEqualTo(resnet8(2).params());
  }
}
