package org.resnetspark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.cli.BenchDataCommand;
import org.resnetspark.config.ConfigException;
import org.resnetspark.testing.TestSpark;
import picocli.CommandLine;

/**
 * Needs Debian's python3-skimage and libjpeg-turbo-progs, as the README's test command installs.
 */
class DataBenchmarkTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.start(DataBenchmarkTest.class);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void printsDjpegPrepareAndReaderFiguresAsJson() throws Exception {
    StringWriter text = new StringWriter();
    CommandLine command = new CommandLine(new BenchDataCommand(() -> spark));
    command.setOut(new PrintWriter(text));
    int code = command.execute("--format", "json", "--images", "20");
    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(text.toString());
    assertThat(json.get("images").asInt()).isEqualTo(20);
    assertThat(json.get("decoder").asText()).isEqualTo("opencv");
    assertThat(json.get("cores").asInt()).isEqualTo(2);
    for (String field :
        List.of(
            "djpegImagesPerSecPerCore",
            "prepareImagesPerSecPerCore",
            "readerImagesPerSecPerCore",
            "prepareToDjpeg",
            "readerToDjpeg")) {
      assertThat(json.get(field).asDouble()).as(field).isPositive();
    }
    assertThat(json.get("prepareCores").asInt()).isBetween(1, 2);
    assertThat(json.get("readerCores").asInt()).isBetween(1, 2);
    JsonNode profile = json.get("profileMsPerImage");
    for (String stage :
        List.of(
            "prepare.java.decode",
            "prepare.opencv.decode",
            "reader.parquetRead",
            "reader.java.resize",
            "reader.opencv.toFloatAndNormalise")) {
      assertThat(profile.get(stage).asDouble()).as(stage).isPositive();
    }
    assertThat(json.get("readerToDjpeg").asDouble())
        .isCloseTo(
            json.get("readerImagesPerSecPerCore").asDouble()
                / json.get("djpegImagesPerSecPerCore").asDouble(),
            org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void cutsPhotographsOfImageNetSizeFromTheSamples() throws Exception {
    List<Path> files = Photographs.fromSamples(Photographs.SKIMAGE_DATA, dir, 12);
    assertThat(files).hasSize(12);
    var image = ImageIO.read(files.get(0).toFile());
    assertThat(Math.max(image.getWidth(), image.getHeight())).isEqualTo(500);
    assertThat(Math.min(image.getWidth(), image.getHeight())).isEqualTo(375);
    assertThat(Files.readAllBytes(files.get(0))).isNotEqualTo(Files.readAllBytes(files.get(1)));
  }

  @Test
  void saysWhatToInstallWithoutTheSamples() {
    assertThatThrownBy(() -> Photographs.fromSamples(dir.resolve("none"), dir, 12))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("apt-get install python3-skimage")
        .hasMessageContaining("--photos DIR");
  }

  @Test
  void refusesAPhotosFolderWithTooFewJpegs() {
    assertThatThrownBy(() -> Photographs.fromFolder(dir, dir.resolve("out"), 100))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid --photos: " + dir + " holds 0 JPEG files (expected at least 10)");
  }
}
