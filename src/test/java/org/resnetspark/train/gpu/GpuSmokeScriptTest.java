package org.resnetspark.train.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks deploy/gpu-smoke.sh makes before it trains, with a stand-in nvidia-smi: it refuses
 * nodes without one, and GPUs newer than ND4J's binaries, naming the reason.
 */
class GpuSmokeScriptTest {
  static final Path SCRIPT = Path.of("deploy/gpu-smoke.sh").toAbsolutePath();
  @TempDir Path bin;

  @Test
  void refusesHopperWithTheRebuildAdvice() throws Exception {
    fakeNvidiaSmi(
        "case \"$*\" in *compute_cap*) echo 9.0 ;; *index,name*) echo '0, NVIDIA H100, 550.54,"
            + " 81559 MiB' ;; *) echo 0 ;; esac");
    String[] run = run(bin + ":/usr/bin:/bin");
    assertThat(run[0]).isEqualTo("1");
    assertThat(run[1]).contains("NVIDIA H100");
    assertThat(run[2])
        .contains("compute capability 9.0")
        .contains("3.7 to 8.6 and no PTX")
        .contains("libnd4j rebuild");
  }

  @Test
  void refusesANodeWithoutNvidiaSmi() throws Exception {
    String[] run = run("/usr/bin:/bin");
    assertThat(run[0]).isEqualTo("1");
    assertThat(run[2]).contains("nvidia-smi not found: run this on a node with an NVIDIA GPU");
  }

  private void fakeNvidiaSmi(String body) throws Exception {
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Exit code, standard output, standard error. */
  private String[] run(String path) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString());
    pb.environment().put("PATH", path);
    Path out = bin.resolve("stdout");
    Path err = bin.resolve("stderr");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String[] {
      Integer.toString(p.exitValue()), Files.readString(out), Files.readString(err)
    };
  }
}
