package org.resnetspark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Finds conf/demo.conf: in the current directory, else the copy packaged in the jar. */
final class DemoConfig {
  private DemoConfig() {}

  static Path locate() {
    Path local = Path.of(DemoCommand.DEFAULT_CONFIG);
    if (Files.isRegularFile(local)) {
      return local;
    }
    try (InputStream in = DemoConfig.class.getClassLoader().getResourceAsStream("conf/demo.conf")) {
      if (in == null) {
        throw new IllegalStateException("conf/demo.conf is missing from the jar");
      }
      Path copy = Files.createTempFile("resnet-spark-demo", ".conf");
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      copy.toFile().deleteOnExit();
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
