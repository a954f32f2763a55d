package org.resnetspark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Committed test resources, copied so a test may write into them. */
public final class Fixtures {
  private static final Path RESOURCES = Path.of("src/test/resources");

  private Fixtures() {}

  /** Copies the resource folder {@code name} (e.g. {@code org/resnetspark/x}) into {@code to}. */
  public static Path copy(String name, Path to) {
    Path from = RESOURCES.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy the test resource " + from, e);
    }
    return to;
  }
}
