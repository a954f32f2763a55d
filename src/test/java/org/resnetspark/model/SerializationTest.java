package org.resnetspark.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.config.Shortcut;

/**
 * DL4J's Spark training broadcasts the configuration as JSON, and checkpoints are written with
 * {@link ModelSerializer}: both must give back the same network.
 */
@ExtendWith(SingleThreadedNd4j.class)
class SerializationTest {

  private static final Optimization SGD = new Optimization(new Nesterovs(0.01, 0.9), 1e-4, 5);

  static List<Variant> named() {
    return Variants.named();
  }

  @ParameterizedTest
  @MethodSource("named")
  void configurationRoundTripsThroughJson(Variant variant) {
    ComputationGraphConfiguration conf =
        ResNets.configuration(variant, VariantGraphTest.tiny(variant), SGD);

    String json = conf.toJson();
    ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(json);

    assertThat(restored).isEqualTo(conf);
    assertThat(restored.toJson()).isEqualTo(json);
  }

  @ParameterizedTest
  @CsvSource({
    "resnet8, A, 8",
    "resnet8, B, 8",
    "plain8, A, 8",
    "preact-resnet8, A, 8",
    "preact-resnet8, B, 8"
  })
  void modelSavesAndLoadsWithItsUpdater(String name, Shortcut shortcut, int size, @TempDir Path dir)
      throws IOException {
    Variant variant = Variants.parse(name);
    ModelOptions options =
        ModelOptions.defaultsFor(variant)
            .withInput(size, size, 3)
            .withClasses(10)
            .withShortcut(shortcut);
    ComputationGraph graph = ResNets.build(variant, options, SGD);
    DataSet batch = randomBatch(options);
    graph.fit(batch); // gives the momentum non-zero state
    File file = dir.resolve(name + ".zip").toFile();

    ModelSerializer.writeModel(graph, file, true);
    ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);

    assertThat(restored.getConfiguration()).isEqualTo(graph.getConfiguration());
    assertThat(restored.params()).isEqualTo(graph.params());
    assertThat(restored.getUpdater().getStateViewArray())
        .isEqualTo(graph.getUpdater().getStateViewArray());
    INDArray output = graph.outputSingle(batch.getFeatures());
    assertThat(output.isNaN().any()).isFalse();
    assertThat(restored.outputSingle(batch.getFeatures())).isEqualTo(output);
    // The next step from the restored updater state lands on the same parameters.
    graph.fit(batch);
    restored.fit(batch);
    assertThat(restored.params()).isEqualTo(graph.params());
  }

  private static DataSet randomBatch(ModelOptions options) {
    Nd4j.getRandom().setSeed(17);
    INDArray features = Nd4j.rand(2, options.channels(), options.height(), options.width());
    INDArray labels = Nd4j.zeros(2, options.numClasses());
    labels.putScalar(0, 4, 1.0);
    labels.putScalar(1, 9, 1.0);
    return new DataSet(features, labels);
  }
}
