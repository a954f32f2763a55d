package org.resnetspark.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.config.Shortcut;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;

/** Fast networks travel as JSON (as Spark broadcasts them) and through ModelSerializer intact. */
class FastConvolutionSerializationTest {

  private static final Variant RESNET20 = Variants.parse("resnet20");

  // 21 convolutions: the stem, 18 in the blocks, 2 projection shortcuts (option B).
  private static ComputationGraphConfiguration resnet20(ConvolutionEngine engine) {
    ModelOptions options =
        ModelOptions.defaultsFor(RESNET20)
            .withClasses(4)
            .withInput(8, 8, 3)
            .withShortcut(Shortcut.B);
    return ResNets.configuration(
        RESNET20, options, new Optimization(new Nesterovs(0.01, 0.9), 1e-4, 42), engine);
  }

  @Test
  void jsonRoundTripKeepsTheFastLayers() {
    ComputationGraphConfiguration conf = resnet20(ConvolutionEngine.FAST);
    String json = conf.toJson();
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);

    assertThat(back).isEqualTo(conf);
    assertThat(back.toJson()).isEqualTo(json);
    assertThat(fastLayers(back)).isEqualTo(fastLayers(conf)).isEqualTo(21);
    assertThat(back.toJson()).contains(FastBatchNormalization.class.getName());
    assertThat(back.toJson()).contains(FastAdd.class.getName());
    assertThat(back.toJson()).contains(FastBatchNormRelu.class.getName());
  }

  @Test
  void stockAndFastConfigurationsDiffer() {
    assertThat(resnet20(ConvolutionEngine.FAST)).isNotEqualTo(resnet20(ConvolutionEngine.STOCK));
    assertThat(fastLayers(resnet20(ConvolutionEngine.STOCK))).isZero();
  }

  @Test
  void modelSerializerRestoresParametersUpdaterAndOutputs(@TempDir Path dir) throws Exception {
    ComputationGraph net = new ComputationGraph(resnet20(ConvolutionEngine.FAST));
    net.init();
    INDArray input = Nd4j4Test.uniform(5, DataType.FLOAT, 3, 3, 8, 8);
    INDArray labels = org.nd4j.linalg.factory.Nd4j.eye(4).getRows(0, 1, 2).castTo(DataType.FLOAT);
    net.fit(new org.nd4j.linalg.dataset.DataSet(input, labels));
    File file = dir.resolve("net.zip").toFile();
    ModelSerializer.writeModel(net, file, true);

    ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);

    assertThat(restored.getConfiguration()).isEqualTo(net.getConfiguration());
    assertThat(restored.params()).isEqualTo(net.params());
    assertThat(restored.getUpdater().getStateViewArray())
        .isEqualTo(net.getUpdater().getStateViewArray());
    assertThat(restored.outputSingle(false, input)).isEqualTo(net.outputSingle(false, input));
    assertThat(restored.getLayers()).filteredOn(l -> l instanceof FastConvolutionLayer).hasSize(21);
    // Batch norm and ReLU fused after the stem and in each block's first unit: 1 + 9; each
    // residual sum with its ReLU is one vertex: 9.
    assertThat(restored.getLayers())
        .filteredOn(l -> l instanceof FastBatchNormReluLayer)
        .hasSize(10);
    assertThat(restored.getVertices()).filteredOn(v -> v instanceof FastAddVertex).hasSize(9);
  }

  @Test
  void stockParametersGiveTheSameOutputsInAFastNetwork() {
    ComputationGraph stock = new ComputationGraph(resnet20(ConvolutionEngine.STOCK));
    stock.init();
    ComputationGraph fast = new ComputationGraph(resnet20(ConvolutionEngine.FAST));
    fast.init();
    fast.setParams(stock.params());
    INDArray input = Nd4j4Test.uniform(6, DataType.FLOAT, 2, 3, 8, 8);

    INDArray expected = stock.outputSingle(false, input);
    INDArray actual = fast.outputSingle(false, input);

    assertThat(Nd4j4Test.relativeError(actual, expected)).isLessThan(1e-4);
  }

  private static long fastLayers(ComputationGraphConfiguration conf) {
    return conf.getVertices().values().stream()
        .filter(v -> v instanceof LayerVertex)
        .filter(v -> ((LayerVertex) v).getLayerConf().getLayer() instanceof FastConvolution)
        .count();
  }
}
