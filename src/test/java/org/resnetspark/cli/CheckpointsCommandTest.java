package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.checkpoint.CheckpointState;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.model.OutputScore;
import org.resnetspark.train.EpochPosition;
import picocli.CommandLine;

class CheckpointsCommandTest {
  @TempDir Path run;

  @Test
  void listsCheckpointsAsJsonAndFlagsACorruptOne() throws Exception {
    CheckpointStore store = CheckpointStore.open(run.toString(), new Configuration());
    ComputationGraph net = tinyNet();
    store.write(net, state(1, 0.4));
    store.write(net, state(2, 0.9));
    store.write(net, state(3, 0.6));
    store.write(
        net,
        new CheckpointState(
            "run",
            4,
            33,
            0.1,
            1,
            "h",
            Map.of(),
            null,
            0,
            "t",
            1,
            CheckpointState.FORMAT_VERSION,
            CheckpointState.METRICS_VERSION,
            new EpochPosition(4, 3, 10, 7, OutputScore.NONE),
            null));
    Files.write(
        run.resolve("checkpoints/epoch-0001/model.zip"), new byte[] {1}, StandardOpenOption.APPEND);

    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    int exit = cli.execute("checkpoints", "--run-dir", run.toString(), "--format", "json");

    assertThat(exit).isEqualTo(1);
    JsonNode rows = new ObjectMapper().readTree(out.toString());
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).get("valid").asBoolean()).isFalse();
    assertThat(rows.get(1).get("valid").asBoolean()).isTrue();
    assertThat(rows.get(1).get("best").asBoolean()).isTrue();
    assertThat(rows.get(2).get("latest").asBoolean()).isFalse();
    assertThat(rows.get(2).get("kind").asText()).isEqualTo("epoch");
    assertThat(rows.get(2).get("globalStep").asLong()).isEqualTo(30);
    assertThat(rows.get(2).get("metrics").get("top1").asDouble()).isEqualTo(0.6);
    assertThat(rows.get(2).get("path").asText()).endsWith("checkpoints/epoch-0003");
    JsonNode round = rows.get(3);
    assertThat(round.get("kind").asText()).isEqualTo("round");
    assertThat(round.get("round").asText()).isEqualTo("3/10");
    assertThat(round.get("latest").asBoolean()).isTrue();
    assertThat(round.get("best").asBoolean()).isFalse();
    assertThat(round.get("path").asText()).endsWith("checkpoints/step-00000033");
  }

  @Test
  void anEmptyRunDirectoryIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("checkpoints", "--run-dir", run.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("No checkpoints under");
  }

  private static CheckpointState state(int epoch, double top1) {
    return new CheckpointState(
        "run",
        epoch,
        epoch * 10L,
        0.1,
        1,
        "h",
        Map.of("loss", 1.0, "top1", top1),
        null,
        0,
        "t",
        1,
        CheckpointState.FORMAT_VERSION,
        CheckpointState.METRICS_VERSION,
        null,
        null);
  }

  private static ComputationGraph tinyNet() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .graphBuilder()
            .addInputs("in")
            .addLayer("out", new OutputLayer.Builder().nIn(3).nOut(2).build(), "in")
            .setOutputs("out")
            .build();
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    return net;
  }
}
