package org.resnetspark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Builds every named variant in DL4J at the smallest input its strides allow (parameter counts do
 * not depend on the input) and runs one forward and backward pass.
 */
@ExtendWith(SingleThreadedNd4j.class)
class VariantGraphTest {

  private static final int BATCH = 2;

  static List<Variant> named() {
    return Variants.named();
  }

  static ModelOptions tiny(Variant variant) {
    // CIFAR nets get 8x8 rather than the minimum 4x4 so each BN sees more than two values.
    int size = variant.family() == Family.IMAGENET ? variant.family().totalStride() : 8;
    return ModelOptions.defaultsFor(variant).withInput(size, size, 3);
  }

  @ParameterizedTest
  @MethodSource("named")
  void buildsWithTheExpectedParametersAndPassesSignalBothWays(Variant variant) {
    ModelOptions options = tiny(variant);
    ComputationGraph graph =
        ResNets.build(variant, options, new Optimization(new Nesterovs(0.1, 0.9), 1e-4, 7));

    assertThat(TrainableParams.count(graph))
        .isEqualTo(PublishedCounts.PARAMS.get(variant.name()))
        .isEqualTo(ModelSummary.of(variant, options).trainableParams());

    Nd4j.getRandom().setSeed(11);
    INDArray features = Nd4j.rand(BATCH, 3, options.height(), options.width());
    INDArray labels = Nd4j.zeros(BATCH, options.numClasses());
    labels.putScalar(0, 1, 1.0);
    labels.putScalar(1, 3, 1.0);

    INDArray output = graph.outputSingle(features);
    assertThat(output.shape()).containsExactly(BATCH, options.numClasses());
    double[] sums = output.sum(1).toDoubleVector();
    assertThat(sums).containsOnly(new double[] {1.0, 1.0}, within(1e-4));

    graph.setInputs(features);
    graph.setLabels(labels);
    graph.computeGradientAndScore();
    assertThat(graph.score()).isFinite().isPositive();
    // One pass over all gradients: a NaN or infinity anywhere makes the norm non-finite.
    assertThat(graph.gradient().gradient().norm2Number().doubleValue()).isFinite();
    INDArray stem = graph.gradient().getGradientFor(Names.stem().conv() + "_W");
    assertThat(stem.norm2Number().doubleValue()).isGreaterThan(0.0);
    graph.close();
  }
}
