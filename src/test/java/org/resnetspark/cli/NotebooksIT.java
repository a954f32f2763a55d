package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes the notebooks headless, as an analyst would run them, on the tables of two real tiny
 * runs; a cell that raises fails the execution.
 */
class NotebooksIT {
  @TempDir static Path out;

  @BeforeAll
  static void trainAndRelease() throws Exception {
    // The notebooks' queries run in JVMs of their own; this one only makes sure the runs exist.
    TinyRuns.session().stop();
    // The launcher rebuilds when sources are newer than this file; failsafe runs after package.
    Files.setLastModifiedTime(Path.of("target/classpath.txt"), FileTime.from(Instant.now()));
  }

  /** The executed notebook. */
  static JsonNode execute(String name) throws Exception {
    ProcessBuilder nbconvert =
        new ProcessBuilder(
                "jupyter-nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=600",
                "--output-dir",
                out.toString(),
                Path.of("notebooks", name).toString())
            .redirectErrorStream(true);
    nbconvert.environment().put("RESNET_SPARK_CONFIG", "");
    nbconvert.environment().put("RESNET_SPARK_SET", "'storage.work-dir=" + TinyRuns.WORK + "'");
    Process process;
    try {
      process = nbconvert.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "jupyter-nbconvert is missing: apt-get install jupyter-nbconvert python3-pandas"
              + " python3-matplotlib python3-ipykernel (.ci/run installs them)",
          e);
    }
    String log = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(log).isZero();
    return new ObjectMapper().readTree(out.resolve(name).toFile());
  }

  /** Text printed by the cells, and the number of PNG images they showed. */
  record Outputs(String text, int images, List<String> errors) {
    static Outputs of(JsonNode notebook) {
      StringBuilder text = new StringBuilder();
      int images = 0;
      List<String> errors = new ArrayList<>();
      for (JsonNode cell : notebook.get("cells")) {
        for (JsonNode o : cell.path("outputs")) {
          switch (o.get("output_type").asText()) {
            case "stream" -> o.get("text").forEach(t -> text.append(t.asText()));
            case "error" -> errors.add(o.get("ename").asText() + ": " + o.get("evalue").asText());
            default -> images += o.path("data").has("image/png") ? 1 : 0;
          }
        }
      }
      return new Outputs(text.toString(), images, errors);
    }
  }

  @Test
  void runsNotebookComparesTheRunsAndPlotsTheirCurves() throws Exception {
    Outputs outputs = Outputs.of(execute("runs.ipynb"));
    assertThat(outputs.errors()).isEmpty();
    assertThat(outputs.text()).contains("2 training runs, 0 evaluations");
    // Loss and error, learning rate and throughput, recall per class.
    assertThat(outputs.images()).isEqualTo(3);
  }

  @Test
  void generationsNotebookFollowsParentRuns() throws Exception {
    Outputs outputs = Outputs.of(execute("generations.ipynb"));
    assertThat(outputs.errors()).isEmpty();
    assertThat(outputs.text()).contains("2 runs in 2 lineages, up to generation 0");
    assertThat(outputs.images()).isEqualTo(1);
  }
}
