package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.data.FashionMnist;

/**
 * Without Debian's Fashion-MNIST, {@code bin/resnet-spark demo} says what to install before it
 * builds anything, in the line the demo itself prints. The launcher is run from a copy whose
 * Fashion-MNIST folder is one that does not exist.
 */
class LauncherDemoCheckTest {
  @TempDir Path dir;

  @Test
  void demoWithoutFashionMnistPrintsTheInstallLineAndExits2() throws Exception {
    Path absent = dir.resolve("no-fashion-mnist");
    Path bin = Files.createDirectories(dir.resolve("project/bin"));
    String launcher = Files.readString(Path.of("bin/resnet-spark"));
    assertThat(launcher).contains("fashion=" + FashionMnist.SYSTEM_DIR + "\n");
    Path copy = bin.resolve("resnet-spark");
    Files.writeString(
        copy,
        launcher.replace("fashion=" + FashionMnist.SYSTEM_DIR + "\n", "fashion=" + absent + "\n"));

    ProcessBuilder pb = new ProcessBuilder("bash", copy.toString(), "demo");
    pb.environment().remove(FashionMnist.ENV);
    pb.redirectError(dir.resolve("stderr").toFile()).redirectOutput(dir.resolve("stdout").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();

    String demoMessage = catchThrowable(() -> FashionMnist.requireFiles(absent)).getMessage();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("stderr"))).isEqualTo("error: " + demoMessage + "\n");
    assertThat(Files.readString(dir.resolve("stdout"))).isEmpty();
    assertThat(dir.resolve("project/target")).doesNotExist();
  }
}
