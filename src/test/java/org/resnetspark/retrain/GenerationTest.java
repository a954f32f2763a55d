package org.resnetspark.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationTest {
  @TempDir Path root;
  private final Configuration conf = new Configuration();

  @Test
  void aGenerationAndDecisionWrittenBeforeFormatVersionsStillRead() throws Exception {
    Path dir = root.resolve("generations/gen-0002");
    Files.createDirectories(dir);
    // The files as a pipeline under /srv/pipeline wrote them, moved to this test's folder.
    Files.writeString(dir.resolve(Generation.STATE), resource("/formats/generation-v0.json"));
    Files.writeString(dir.resolve(Generation.DECISION), resource("/formats/decision-v0.json"));

    List<Generation> all = Generation.list(root.toString(), conf);

    assertThat(all).hasSize(1);
    Generation g = all.get(0);
    assertThat(g.formatVersion()).isZero();
    assertThat(g.number()).isEqualTo(2);
    assertThat(g.runId()).isEqualTo("20260102-030000-def456");
    assertThat(g.championRunId()).isEqualTo("20260101-030000-abc123");
    assertThat(g.newImages()).isEqualTo(80);
    Generation.Decision d = g.decision(conf).orElseThrow();
    assertThat(d.formatVersion()).isZero();
    assertThat(d.promoted()).isFalse();
    assertThat(d.metric()).isEqualTo("top1");
    assertThat(d.championScore()).isEqualTo(0.615);
    assertThat(d.newDataScore()).isNull();
  }

  @Test
  void newRecordsCarryTheFormatVersionAndReadBack() throws Exception {
    String dir = root.resolve("generations/gen-0001").toString();
    Generation g = Generation.open(1, dir, "run-1", null, null, 12, "2026-01-01T00:00:00Z");
    g.writeState(conf);
    Generation.Decision d =
        Generation.Decision.of(
            true,
            "loss",
            0.0,
            1.5,
            null,
            null,
            dir + "/run-1/checkpoints/epoch-0001",
            "first",
            "2026-01-01T01:00:00Z");
    g.writeDecision(conf, d);

    assertThat(Files.readString(Path.of(dir, Generation.STATE)))
        .contains("\"formatVersion\" : " + Generation.FORMAT_VERSION);
    assertThat(Files.readString(Path.of(dir, Generation.DECISION)))
        .contains("\"formatVersion\" : " + Generation.FORMAT_VERSION);
    assertThat(Generation.list(root.toString(), conf)).containsExactly(g);
    assertThat(g.decision(conf)).contains(d);
    assertThat(Files.list(Path.of(dir)).map(p -> p.getFileName().toString()))
        .filteredOn(name -> !name.endsWith(".crc"))
        .containsExactlyInAnyOrder(Generation.STATE, Generation.DECISION);
  }

  private String resource(String name) throws IOException {
    try (InputStream in = GenerationTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .replace("/srv/pipeline", root.toString());
    }
  }
}
