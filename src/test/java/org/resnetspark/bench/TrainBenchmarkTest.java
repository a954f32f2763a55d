package org.resnetspark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.resnetspark.cli.BenchTrainCommand;
import org.resnetspark.testing.TestSpark;
import picocli.CommandLine;

/** Both ways of bench train step the same global batch, and the output says so. */
class TrainBenchmarkTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start(TrainBenchmarkTest.class);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void singleProcessFitsTheWorkersMinibatchesAsOne() throws Exception {
    StringWriter text = new StringWriter();
    CommandLine command = new CommandLine(new BenchTrainCommand(() -> spark));
    command.setOut(new PrintWriter(text));

    int code =
        command.execute(
            "--format", "json", "--images", "100", "--batch", "5", "--averaging-frequency", "2");

    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(text.toString());
    assertThat(json.get("workers").asInt()).isEqualTo(2);
    assertThat(json.get("globalBatch").asInt()).isEqualTo(10);
    assertThat(json.get("warmup").asText()).isEqualTo("one epoch");
    assertThat(json.get("singleProcessImagesPerSec").asDouble()).isPositive();
    assertThat(json.get("sparkImagesPerSec").asDouble()).isPositive();
    // The printed ratio is of the unrounded rates.
    assertThat(json.get("ratio").asDouble())
        .isCloseTo(
            json.get("sparkImagesPerSec").asDouble()
                / json.get("singleProcessImagesPerSec").asDouble(),
            withinPercentage(5));
  }
}
