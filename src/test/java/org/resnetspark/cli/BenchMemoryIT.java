package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.job.ModelSpec;
import org.resnetspark.model.BackpropFloor;
import picocli.CommandLine;

/**
 * {@code bench memory} on a net and batches small enough for CI: each batch measured in a JVM of
 * its own, every field of the JSON there, the floor the one the layer shapes give.
 */
class BenchMemoryIT {

  @Test
  void measuresEachBatchInItsOwnJvmAndPrintsEveryField() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "bench",
            "memory",
            "--variant",
            "resnet8",
            "--batch",
            "16,4",
            "--steps",
            "1",
            "--project",
            "64",
            "--format",
            "json");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertThat(root.get("input").asText()).isEqualTo("32x32x3");
    assertThat(root.get("steps").asInt()).isEqualTo(1);
    assertThat(root.get("measure").asText()).contains("VmHWM", "one new JVM per batch");
    assertThat(root.get("projectBatch").asInt()).isEqualTo(64);
    JsonNode net = root.get("networks").get(0);
    ModelSpec spec =
        ModelSpec.of(ConfigLoader.load(null, List.of("model.variant=resnet8")), 10, 32, 32, 3);
    BackpropFloor floor = BackpropFloor.of(spec.plan(), spec.options());
    assertThat(net.get("variant").asText()).isEqualTo("resnet8");
    assertThat(net.get("engine").asText()).isEqualTo("fast");
    assertThat(net.get("floorBytesPerImage").asLong()).isEqualTo(floor.bytesPerImage());
    assertThat(net.get("largestActivationBytesPerImage").asLong())
        .isEqualTo(4 * floor.largestActivationFloats());
    assertThat(net.get("projectedPeakBytes").isNumber()).isTrue();
    JsonNode batches = net.get("batches");
    // Smallest batch first, whatever the order asked.
    assertThat(batches).hasSize(2);
    assertThat(batches.get(0).get("batch").asInt()).isEqualTo(4);
    assertThat(batches.get(1).get("batch").asInt()).isEqualTo(16);
    for (JsonNode b : batches) {
      // A training step holds at least its activations: the floor times the batch.
      assertThat(b.get("peakBytes").asLong())
          .isGreaterThan(b.get("batch").asLong() * floor.bytesPerImage());
      assertThat(b.get("peakBytesPerImage").asDouble())
          .isEqualTo(b.get("peakBytes").asDouble() / b.get("batch").asInt());
      assertThat(b.get("peakToFloor").asDouble()).isGreaterThan(1);
      // DL4J's parameter vector also holds batch norm's running mean and variance.
      assertThat(b.get("parameterBytes").asLong()).isGreaterThan(4 * spec.plan().trainableParams());
      assertThat(b.get("workspaceBytes").get("WS_ALL_LAYERS_ACT").asLong()).isPositive();
    }
    assertThat(batches.get(0).get("marginalBytesPerImage").isNull()).isTrue();
    assertThat(batches.get(1).get("marginalBytesPerImage").isNumber()).isTrue();
    assertThat(batches.get(1).get("marginalToFloor").asDouble())
        .isEqualTo(batches.get(1).get("marginalBytesPerImage").asDouble() / floor.bytesPerImage());
  }
}
