package org.resnetspark.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The fast ReLU against DL4J's activation layer: the same outputs and input gradients. */
class FastReluEquivalenceTest {

  @Test
  void matchesStockLayerBothWaysAndLeavesItsInputAlone() {
    Layer stock = instantiate(new ActivationLayer.Builder().activation(Activation.RELU).build());
    Layer fast = instantiate(new FastRelu());
    assertThat(fast).isInstanceOf(FastReluLayer.class);

    // Half the inputs negative, some exactly zero.
    INDArray input = Nd4j4Test.uniform(21, DataType.FLOAT, 3, 4, 5, 6).subi(0.5);
    input.putScalar(new long[] {0, 0, 0, 0}, 0f);
    input.putScalar(new long[] {2, 3, 4, 5}, 0f);
    INDArray outputGrad = Nd4j4Test.uniform(22, DataType.FLOAT, 3, 4, 5, 6);
    INDArray original = input.dup();

    LayerPair.Pass expected = LayerPair.run(stock, input, outputGrad);
    LayerPair.Pass actual = LayerPair.run(fast, input, outputGrad);

    assertThat(actual.output()).isEqualTo(expected.output());
    assertThat(actual.inputGrad()).isEqualTo(expected.inputGrad());
    assertThat(actual.gradient().gradientForVariable()).isEmpty();
    assertThat(actual.output().minNumber().doubleValue()).isZero();

    LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
    INDArray fastInput = input.dup();
    INDArray inference = fast.activate(fastInput, false, ws);
    assertThat(inference).isEqualTo(stock.activate(input.dup(), false, ws));
    assertThat(fastInput).isEqualTo(original);
  }

  @Test
  void otherActivationsRunTheStockCode() {
    FastRelu conf = new FastRelu();
    conf.setActivationFn(Activation.TANH.getActivationFunction());
    Layer fast = instantiate(conf);
    INDArray input = Nd4j4Test.uniform(23, DataType.FLOAT, 2, 3, 4, 4).subi(0.5);
    INDArray out = fast.activate(input.dup(), false, LayerWorkspaceMgr.noWorkspaces());
    assertThat(Nd4j4Test.relativeError(out, org.nd4j.linalg.ops.transforms.Transforms.tanh(input)))
        .isLessThan(1e-6);
  }

  private static Layer instantiate(ActivationLayer layerConf) {
    NeuralNetConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .convolutionMode(ConvolutionMode.Truncate)
            .layer(layerConf)
            .build();
    return conf.getLayer().instantiate(conf, null, 0, null, true, DataType.FLOAT);
  }
}
