package org.resnetspark.train.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/gpu/discover-gpus.sh run with a stand-in nvidia-smi first on the PATH; its output is
 * parsed by Spark's own parser for discovery scripts.
 */
class DiscoverGpusScriptTest {
  static final Path SCRIPT = Path.of("deploy/gpu/discover-gpus.sh").toAbsolutePath();
  @TempDir Path bin;

  record Run(int exit, String out, String err) {}

  @Test
  void printsEveryIndexAsSparkResourceJson() throws Exception {
    fakeNvidiaSmi("printf '0\\n1\\n2\\n3\\n'");
    Run run = discover();
    assertThat(run.exit()).isZero();
    ResourceInformation gpus = ResourceInformation.parseJson(run.out());
    assertThat(gpus.name()).isEqualTo("gpu");
    assertThat(gpus.addresses()).containsExactly("0", "1", "2", "3");
  }

  @Test
  void asksNvidiaSmiForIndicesOnly() throws Exception {
    fakeNvidiaSmi("echo \"$@\" > \"$(dirname \"$0\")/args\"; echo 0");
    assertThat(discover().exit()).isZero();
    assertThat(Files.readString(bin.resolve("args")).trim())
        .isEqualTo("--query-gpu=index --format=csv,noheader");
  }

  @Test
  void oneGpuWithTrailingSpaceAndBlankLine() throws Exception {
    fakeNvidiaSmi("printf '0 \\n\\n'");
    Run run = discover();
    assertThat(ResourceInformation.parseJson(run.out()).addresses()).containsExactly("0");
  }

  @Test
  void failsNamingTheProblemWhenNvidiaSmiFails() throws Exception {
    fakeNvidiaSmi("echo 'NVIDIA-SMI has failed because it could not communicate' >&2; exit 9");
    Run run = discover();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("nvidia-smi failed").contains("could not communicate");
  }

  @Test
  void failsWhenNoGpuIsListed() throws Exception {
    fakeNvidiaSmi("true");
    Run run = discover();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("nvidia-smi lists no GPUs");
  }

  @Test
  void failsOnOutputThatIsNoIndex() throws Exception {
    fakeNvidiaSmi("echo 'No devices were found'");
    Run run = discover();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("unexpected nvidia-smi output")
        .contains("No devices were found");
  }

  @Test
  void failsWithAdviceWithoutNvidiaSmi() throws Exception {
    Run run = run("/usr/bin:/bin");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("nvidia-smi not found").contains("install the NVIDIA driver");
  }

  private void fakeNvidiaSmi(String body) throws IOException {
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Run discover() throws Exception {
    return run(bin + ":/usr/bin:/bin");
  }

  private Run run(String path) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString());
    pb.environment().put("PATH", path);
    Path out = bin.resolve("stdout");
    Path err = bin.resolve("stderr");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8).trim(),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
