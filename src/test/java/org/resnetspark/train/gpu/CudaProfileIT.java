package org.resnetspark.train.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's backends, from Maven's own dependency tree of this pom: the default build carries
 * ND4J's CPU backend and no CUDA, {@code -Pcuda} the CUDA 11.6 backend with its linux-x86_64
 * natives and no CPU backend. The tree is resolved online into the local repository of the build
 * running the test, so the test needs nothing fetched before it; resolving a tree reads POMs only,
 * and the CUDA jars themselves (about 600 MB) are fetched by {@code mvn -Pcuda package}.
 */
class CudaProfileIT {
  /** Set by the failsafe configuration in pom.xml to the build's local repository. */
  private static final String LOCAL_REPOSITORY = "test.maven.repo.local";

  @TempDir Path dir;

  @Test
  void defaultBuildHasTheCpuBackendOnly() throws Exception {
    String tree = tree();
    assertThat(tree)
        .contains("org.nd4j:nd4j-native-platform:jar:1.0.0-M2.1:compile")
        .contains("org.nd4j:nd4j-native:jar:linux-x86_64:1.0.0-M2.1:compile")
        .doesNotContain("nd4j-cuda");
  }

  @Test
  void cudaProfileSwapsInTheCudaBackend() throws Exception {
    String tree = tree("-Pcuda");
    assertThat(tree)
        .contains("org.nd4j:nd4j-cuda-11.6:jar:1.0.0-M2.1:compile")
        .contains("org.nd4j:nd4j-cuda-11.6:jar:linux-x86_64:1.0.0-M2.1:compile")
        .contains("org.bytedeco:cuda:jar:linux-x86_64:11.6-8.3-1.5.7:compile")
        .doesNotContain("nd4j-native-platform")
        .doesNotContain("org.nd4j:nd4j-native:")
        .doesNotContain("org.bytedeco:openblas:jar:linux-x86_64");
  }

  private String tree(String... profile) throws Exception {
    Path out = dir.resolve("tree.txt");
    List<String> command =
        new ArrayList<>(
            List.of(
                "mvn",
                "-B",
                "-q",
                "dependency:tree",
                "-Dincludes=org.nd4j,org.bytedeco",
                "-DoutputFile=" + out));
    String localRepository = System.getProperty(LOCAL_REPOSITORY, "");
    if (!localRepository.isEmpty()) {
      command.add("-Dmaven.repo.local=" + localRepository);
    }
    command.addAll(List.of(profile));
    Path log = dir.resolve("mvn.log");
    Process p =
        new ProcessBuilder(command)
            .directory(Path.of("").toAbsolutePath().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    return Files.readString(out);
  }
}
