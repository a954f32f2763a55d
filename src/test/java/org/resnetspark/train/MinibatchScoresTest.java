package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.resnetspark.model.OutputScore;

/**
 * The scores of the minibatches as trained: every minibatch's, and apart those of a worker's first
 * minibatch of a round, which the divergence check takes as the loss the network starts from.
 */
class MinibatchScoresTest {

  @Test
  void everyMinibatchCountsAndTheFirstOfARoundApart() {
    ComputationGraph net = TrainFixtures.tinyConvNet(8, 8, 1, 0.1);
    ScoreAccumulator scores = new ScoreAccumulator();
    ScoreAccumulator first = new ScoreAccumulator();
    MinibatchScores minibatchScores = new MinibatchScores(scores, first);
    net.setListeners(minibatchScores);
    DataSet a = minibatch(1);
    DataSet b = minibatch(2);

    OutputScore before = OutputScore.of(a.getLabels(), net.output(a.getFeatures())[0]);
    fit(net, minibatchScores, a);
    fit(net, minibatchScores, b);

    assertThat(scores.value().examples()).isEqualTo(8);
    assertThat(first.value().examples()).isEqualTo(4);
    // Scored before its update: the network as it started (no batch norm: the same forward pass).
    assertThat(first.value().loss()).isCloseTo(before.loss(), within(1e-5));
    assertThat(scores.value().lossSum()).isGreaterThan(first.value().lossSum());

    // The next round's workers start again at iteration 0.
    net.getConfiguration().setIterationCount(0);
    fit(net, minibatchScores, b);
    assertThat(first.value().examples()).isEqualTo(8);
  }

  private static void fit(ComputationGraph net, MinibatchScores hook, DataSet minibatch) {
    hook.preUpdate(minibatch, net);
    net.fit(minibatch);
    hook.postUpdate(minibatch, net);
  }

  private static DataSet minibatch(long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray features = Nd4j.rand(DataType.FLOAT, 4, 1, 8, 8);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 10);
    for (int i = 0; i < 4; i++) {
      labels.putScalar(i, (i + seed) % 10, 1);
    }
    return new DataSet(features, labels);
  }
}
