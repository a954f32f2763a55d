package org.resnetspark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.resnetspark.config.CheckpointSettings;
import org.resnetspark.config.Metric;
import org.resnetspark.model.OutputScore;
import org.resnetspark.train.EpochPosition;

class CheckpointStoreTest {
  @TempDir Path dir;

  @Test
  void writesAndLoadsModelWithUpdaterState() throws Exception {
    ComputationGraph net = trainedNet();
    CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration());
    Checkpoint cp = store.write(net, state(1, 10));

    assertThat(Path.of(cp.path())).isEqualTo(dir.resolve("checkpoints/epoch-0001"));
    assertThat(cp.state().modelSha256()).hasSize(64);
    assertThat(cp.state().modelBytes()).isEqualTo(Files.size(Path.of(cp.modelPath())));
    assertThat(store.verify(cp)).isTrue();

    ComputationGraph restored = store.load(store.latest().orElseThrow());
    assertThat(restored.params()).isEqualTo(net.params());
    assertThat(restored.getUpdater().getStateViewArray())
        .isEqualTo(net.getUpdater().getStateViewArray());
  }

  @Test
  void latestFollowsTheNewestCompleteCheckpoint() throws Exception {
    ComputationGraph net = trainedNet();
    CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration());
    store.write(net, state(1, 10));
    store.write(net, state(2, 20));
    assertThat(store.latest().orElseThrow().state().epoch()).isEqualTo(2);
    assertThat(store.list()).extracting(c -> c.state().epoch()).containsExactly(1, 2);
  }

  @Test
  void aCrashMidWriteLeavesTheLastGoodCheckpointAsLatest() throws Exception {
    CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration());
    store.write(trainedNet(), state(1, 10));
    // What a driver killed while writing epoch 2 leaves behind: a temporary folder, half a model.
    Path partial = Files.createDirectories(dir.resolve("checkpoints/.epoch-0002.tmp-dead"));
    Files.write(partial.resolve("model.zip"), new byte[] {1, 2, 3});

    assertThat(store.latest().orElseThrow().state().epoch()).isEqualTo(1);
    assertThat(store.list()).hasSize(1);
  }

  @Test
  void aStateFileWithoutTheRateScaleMeansNoScale() throws Exception {
    CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration());
    store.write(trainedNet(), state(1, 10));
    Path file = dir.resolve("checkpoints/epoch-0001/state.json");
    Files.writeString(
        file, Files.readString(file).replaceAll(",\\s*\"learningRateScale\"[^,}]*", ""));

    Files.delete(dir.resolve("checkpoints/epoch-0001/.state.json.crc")); // Hadoop's local checksum

    assertThat(Files.readString(file)).doesNotContain("learningRateScale");
    assertThat(store.latest().orElseThrow().state().rateScale()).isEqualTo(1.0);
  }

  @Test
  void aMissingPointerFallsBackToTheNewestCompleteOne() throws Exception {
    CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration());
    store.write(trainedNet(), state(1, 10));
    store.write(trainedNet(), state(2, 20));
    Files.delete(dir.resolve("checkpoints/latest"));
    assertThat(store.latest().orElseThrow().state().epoch()).isEqualTo(2);
  }

  @Test
  void aCorruptModelIsRefusedWithItsName() throws Exception {
    CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration());
    Checkpoint cp = store.write(trainedNet(), state(1, 10));
    Files.write(Path.of(cp.modelPath()), new byte[] {0}, StandardOpenOption.APPEND);

    assertThat(store.verify(cp)).isFalse();
    assertThatThrownBy(() -> store.load(cp))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(cp.modelPath())
        .hasMessageContaining("fails its SHA-256 check");
  }

  @Test
  void bestFollowsTheConfiguredMetricAndRetentionKeepsItWithTheNewest() throws Exception {
    ComputationGraph net = trainedNet();
    CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration());
    double[] top1 = {0.3, 0.8, 0.5, 0.6, 0.7};
    for (int e = 1; e <= top1.length; e++) {
      store.write(net, state(e, e * 10L, top1[e - 1]));
    }
    assertThat(store.best().orElseThrow().state().epoch()).isEqualTo(2);

    List<Checkpoint> deleted = store.retain(new CheckpointSettings(2, Metric.TOP1, 0, 2));

    assertThat(deleted).extracting(c -> c.state().epoch()).containsExactly(1, 3);
    assertThat(store.list()).extracting(c -> c.state().epoch()).containsExactly(2, 4, 5);
    assertThat(store.latest().orElseThrow().state().epoch()).isEqualTo(5);
    assertThat(store.best().orElseThrow().state().epoch()).isEqualTo(2);
  }

  @Test
  void roundCheckpointsLiveBesideEpochOnesNeverBecomeBestAndHaveTheirOwnRetention()
      throws Exception {
    ComputationGraph net = trainedNet();
    CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration());
    store.write(net, state(1, 5, 0.4));
    for (int round = 1; round <= 4; round++) {
      Checkpoint written = store.write(net, roundState(2, round, 5 + round));
      assertThat(written.path()).endsWith(String.format("checkpoints/step-%08d", 5 + round));
      assertThat(written.state().kind()).isEqualTo(CheckpointKind.ROUND);
      assertThat(store.latest().orElseThrow().path()).isEqualTo(written.path());
      assertThat(store.best().orElseThrow().state().epoch()).isEqualTo(1);
    }

    List<Checkpoint> deleted = store.retain(new CheckpointSettings(1, Metric.TOP1, 1, 2));

    assertThat(deleted).extracting(c -> c.state().globalStep()).containsExactly(6L, 7L);
    assertThat(store.list())
        .extracting(c -> c.path().substring(c.path().lastIndexOf('/') + 1))
        .containsExactly("epoch-0001", "step-00000008", "step-00000009");
    Checkpoint latest = store.latest().orElseThrow();
    assertThat(latest.state().position())
        .isEqualTo(new EpochPosition(2, 4, 5, 77, new OutputScore(1.5, 3, 9, 10)));
    assertThat(latest.state().epochsDone()).isEqualTo(1);
    assertThat(store.load(latest).params()).isEqualTo(net.params());
    store.write(net, state(2, 10, 0.3));
    assertThat(store.latest().orElseThrow().state().kind()).isEqualTo(CheckpointKind.EPOCH);
    assertThat(store.best().orElseThrow().state().epoch()).isEqualTo(1);
  }

  @Test
  void lossAsBestMetricPrefersLower() throws Exception {
    CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration(), Metric.LOSS);
    ComputationGraph net = trainedNet();
    store.write(net, withLoss(1, 2.0));
    store.write(net, withLoss(2, 1.0));
    store.write(net, withLoss(3, 1.5));
    assertThat(store.best().orElseThrow().state().epoch()).isEqualTo(2);
  }

  @Test
  void unknownBestMetricNamesTheChoices() {
    assertThatThrownBy(() -> Metric.parse("checkpoint.best-metric", "f1"))
        .hasMessage("Invalid checkpoint.best-metric: 'f1' (expected one of top1, top5, loss)");
  }

  private static CheckpointState withLoss(int epoch, double loss) {
    return new CheckpointState(
        "run-1",
        epoch,
        epoch,
        0.1,
        42,
        "hash",
        Map.of("loss", loss),
        null,
        0,
        "now",
        1,
        CheckpointState.FORMAT_VERSION,
        CheckpointState.METRICS_VERSION,
        null,
        null);
  }

  /** After {@code round} of 5 rounds of {@code epoch}: no metrics. */
  private static CheckpointState roundState(int epoch, int round, long step) {
    return new CheckpointState(
        "run-1",
        epoch,
        step,
        0.1,
        42,
        "hash",
        Map.of(),
        null,
        0,
        "now",
        1,
        CheckpointState.FORMAT_VERSION,
        CheckpointState.METRICS_VERSION,
        new EpochPosition(epoch, round, 5, 77, new OutputScore(1.5, 3, 9, 10)),
        null);
  }

  private static CheckpointState state(int epoch, long step) {
    return state(epoch, step, 0.5);
  }

  static CheckpointState state(int epoch, long step, double top1) {
    return new CheckpointState(
        "run-1",
        epoch,
        step,
        0.1,
        42,
        "hash",
        Map.of("loss", 1.0, "top1", top1),
        null,
        0,
        "now",
        1,
        CheckpointState.FORMAT_VERSION,
        CheckpointState.METRICS_VERSION,
        null,
        null);
  }

  static ComputationGraph trainedNet() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .updater(new Nesterovs(0.1, 0.9))
            .graphBuilder()
            .addInputs("in")
            .addLayer("dense", new DenseLayer.Builder().nIn(4).nOut(8).build(), "in")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .activation(Activation.SOFTMAX)
                    .nIn(8)
                    .nOut(3)
                    .build(),
                "dense")
            .setOutputs("out")
            .build();
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    Nd4j.getRandom().setSeed(1);
    var features = Nd4j.rand(16, 4);
    var labels = Nd4j.zeros(16, 3);
    for (int i = 0; i < 16; i++) {
      labels.putScalar(i, i % 3, 1);
    }
    net.fit(new DataSet(features, labels));
    return net;
  }
}
