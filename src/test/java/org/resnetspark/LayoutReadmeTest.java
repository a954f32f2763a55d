package org.resnetspark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Layout section lists the packages under {@code src/main/java/org/resnetspark/}, one
 * a line, indented two spaces per level; every folder holding a Java source must be listed, and
 * nothing else.
 */
class LayoutReadmeTest {
  private static final Path SOURCES = Path.of("src/main/java/org/resnetspark");
  private static final String HEADER = "src/main/java/org/resnetspark/";

  /** An indented package name; descriptions start further right, at the layout's text column. */
  private static final Pattern PACKAGE_LINE = Pattern.compile("^((?:  )+)([a-z0-9]+)/(?:\\s|$)");

  private static final int TEXT_COLUMN = 19;

  @Test
  void layoutNamesEveryPackageAndNothingElse() throws IOException {
    assertThat(readmePackages()).isEqualTo(sourcePackages());
  }

  @Test
  void readsNestingFromIndentationAndSkipsDescriptions() {
    List<String> layout =
        List.of(
            "## Layout",
            "```",
            "pom.xml            one Maven module",
            "src/main/java/org/resnetspark/   packages",
            "  model/           the ResNet family",
            "    layers/        the fast layers",
            "                   layers/ named again in a description",
            "  train/           the trainer",
            "    gpu/           GPU executors",
            "  cli/             commands",
            "src/libtorch/java/ the libtorch engine",
            "  other/           not a package of src/main/java",
            "```");
    assertThat(packagesIn(layout))
        .containsExactlyInAnyOrder("model", "model/layers", "train", "train/gpu", "cli");
  }

  static Set<String> readmePackages() throws IOException {
    return packagesIn(Files.readAllLines(Path.of("README.md")));
  }

  /** Packages as README paths relative to org/resnetspark, e.g. {@code model/layers}. */
  static Set<String> packagesIn(List<String> lines) {
    int start = lines.indexOf("## Layout");
    assertThat(start).as("README has a Layout section").isNotNegative();
    int header = start;
    while (header < lines.size() && !lines.get(header).startsWith(HEADER)) {
      header++;
    }
    assertThat(header).as("Layout lists " + HEADER).isLessThan(lines.size());
    Set<String> packages = new TreeSet<>();
    Deque<String> parents = new ArrayDeque<>();
    for (String line : lines.subList(header + 1, lines.size())) {
      if (line.isEmpty() || !line.startsWith(" ")) {
        break;
      }
      Matcher m = PACKAGE_LINE.matcher(line);
      if (!m.find() || m.group(1).length() >= TEXT_COLUMN - 2) {
        continue;
      }
      int depth = m.group(1).length() / 2;
      while (parents.size() >= depth) {
        parents.removeLast();
      }
      assertThat(parents.size()).as("nesting of line '%s'", line).isEqualTo(depth - 1);
      parents.addLast(m.group(2));
      packages.add(String.join("/", parents));
    }
    return packages;
  }

  /** Folders under org/resnetspark that hold Java sources, as README paths. */
  static Set<String> sourcePackages() throws IOException {
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .map(f -> SOURCES.relativize(f.getParent()).toString().replace('\\', '/'))
          .filter(p -> !p.isEmpty())
          .forEach(packages::add);
    }
    assertThat(packages).as("packages found under " + SOURCES).isNotEmpty();
    return packages;
  }
}
