package org.resnetspark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStateFormatTest {
  @TempDir Path dir;

  @Test
  void aStateWrittenBeforeFormatVersionsStillReads() throws Exception {
    Path checkpoint = dir.resolve("checkpoints/epoch-0003");
    Files.createDirectories(checkpoint);
    Files.write(checkpoint.resolve("state.json"), resource("/formats/state-v0.json"));

    CheckpointState state = CheckpointStore.at(checkpoint.toString(), new Configuration()).state();

    assertThat(state.formatVersion()).isZero();
    // Written before metrics were versioned: its loss includes the weight-decay penalty.
    assertThat(state.metricsVersion()).isZero();
    assertThat(state.comparable(org.resnetspark.config.Metric.LOSS)).isFalse();
    assertThat(state.comparable(org.resnetspark.config.Metric.TOP1)).isTrue();
    assertThat(state.runId()).isEqualTo("20260101-120000-abc123");
    assertThat(state.epoch()).isEqualTo(3);
    assertThat(state.globalStep()).isEqualTo(120);
    assertThat(state.metrics()).containsEntry("top1", 0.61).containsEntry("loss", 1.25);
    assertThat(state.rateScale()).isEqualTo(0.5);
  }

  @Test
  void aNewStateRecordsItsFormatVersion() throws Exception {
    CheckpointState written =
        new CheckpointState(
            "r",
            1,
            10,
            0.1,
            42,
            "h",
            java.util.Map.of("top1", 0.5),
            null,
            0,
            "now",
            1,
            CheckpointState.FORMAT_VERSION,
            CheckpointState.METRICS_VERSION,
            null,
            null);
    String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(written);
    assertThat(json).contains("\"formatVersion\":" + CheckpointState.FORMAT_VERSION);
  }

  @Test
  void aStateOfANewerFormatIsRefusedByName() throws Exception {
    String newer =
        new String(resource("/formats/state-v0.json")).replace("{", "{\"formatVersion\": 99,");
    try (InputStream in = new java.io.ByteArrayInputStream(newer.getBytes())) {
      assertThatThrownBy(() -> CheckpointState.read(in, "/runs/r/checkpoints/epoch-0003"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("/runs/r/checkpoints/epoch-0003 has format version 99")
          .hasMessageContaining("reads up to " + CheckpointState.FORMAT_VERSION);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = CheckpointStateFormatTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
