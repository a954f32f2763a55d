package org.resnetspark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.resnetspark.cli.BenchDataCommand;
import org.resnetspark.testing.TestSpark;
import picocli.CommandLine;

class DataBenchmarkTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start(DataBenchmarkTest.class);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void printsThroughputAsJson() {
    StringWriter text = new StringWriter();
    CommandLine command = new CommandLine(new BenchDataCommand(() -> spark));
    command.setOut(new PrintWriter(text));
    int code = command.execute("--format", "json", "--grey-images", "40", "--jpeg-images", "10");
    assertThat(code).isZero();
    assertThat(text.toString())
        .contains("\"cores\": 2")
        .contains("\"grey28\": {\"images\": 40, \"prepareImagesPerSecPerCore\": ")
        .contains("\"jpeg224\": {\"images\": 10,")
        .contains("\"readerImagesPerSecPerCore\": ");
  }
}
