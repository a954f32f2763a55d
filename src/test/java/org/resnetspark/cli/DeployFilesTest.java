package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every file under {@code deploy/}, whoever adds it: shell scripts pass {@code bash -n} and
 * shellcheck (when installed; {@code .ci/run} installs it), YAML parses, Python compiles, JSON
 * parses, systemd units and crontabs have their required parts. A file of another kind fails, so a
 * new kind of file gets a check.
 */
class DeployFilesTest {
  static final Path DEPLOY = Path.of("deploy");
  static final Map<String, List<Path>> FILES = new TreeMap<>();

  @BeforeAll
  static void list() throws IOException {
    try (Stream<Path> all = Files.walk(DEPLOY)) {
      for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
        FILES.computeIfAbsent(kind(p), k -> new ArrayList<>()).add(p);
      }
    }
  }

  static String kind(Path p) throws IOException {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    return switch (ext) {
      case "sh" -> "shell";
      case "yaml", "yml" -> "yaml";
      case "py" -> "python";
      case "json" -> "json";
      case "md", "txt" -> "text";
      case "service", "timer" -> "systemd";
      case "conf", "properties" -> "properties";
      case "" -> name.equals("crontab") ? "crontab" : shebang(p);
      default -> "unknown";
    };
  }

  private static String shebang(Path p) throws IOException {
    String first = Files.readAllLines(p, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    return first.startsWith("#!") && first.contains("bash") ? "shell" : "unknown";
  }

  @Test
  void everyFileIsOfAKindThatIsChecked() {
    assertThat(FILES.getOrDefault("unknown", List.of()))
        .as("files under deploy/ with no check; add one to DeployFilesTest")
        .isEmpty();
    assertThat(FILES.keySet()).contains("shell", "yaml", "python", "systemd", "crontab");
  }

  @Test
  void shellScriptsParseAndPassShellcheck() throws Exception {
    boolean shellcheck = onPath("shellcheck");
    for (Path script : FILES.get("shell")) {
      assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
      assertThat(run("bash", "-n", script.toString())).as("bash -n " + script).isEmpty();
      if (shellcheck) {
        assertThat(run("shellcheck", "-x", script.toString())).as("shellcheck " + script).isEmpty();
      }
    }
  }

  @Test
  void yamlParses() throws Exception {
    for (Path file : FILES.get("yaml")) {
      String out =
          run(
              "python3",
              "-c",
              "import sys, yaml; docs = list(yaml.safe_load_all(open(sys.argv[1])));"
                  + " assert docs and all(isinstance(d, dict) and 'kind' in d for d in docs),"
                  + " 'expected Kubernetes objects with a kind'",
              file.toString());
      assertThat(out).as("YAML " + file).isEmpty();
    }
  }

  @Test
  void pythonCompiles() throws Exception {
    for (Path file : FILES.get("python")) {
      String out =
          run(
              "python3",
              "-c",
              // What py_compile does, without writing a .pyc beside the file.
              "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')",
              file.toString());
      assertThat(out).as("python " + file).isEmpty();
    }
  }

  @Test
  void jsonParses() throws Exception {
    for (Path file : FILES.getOrDefault("json", List.of())) {
      String out = run("python3", "-m", "json.tool", file.toString(), "/dev/null");
      assertThat(out).as("JSON " + file).isEmpty();
    }
  }

  @Test
  void propertiesFilesAreKeyValueLines() throws Exception {
    for (Path file : FILES.getOrDefault("properties", List.of())) {
      Properties loaded = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        loaded.load(in);
      }
      long lines =
          Files.readAllLines(file).stream()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .peek(
                  l ->
                      assertThat(l).as(file + ": key and value").matches("\\S+\\s*[=\\s]\\s*\\S.*"))
              .count();
      assertThat(loaded).as(file + ": one entry a line, no key twice").hasSize((int) lines);
    }
  }

  @Test
  void systemdUnitsAndCrontabsHaveTheirParts() throws Exception {
    for (Path file : FILES.get("systemd")) {
      String text = Files.readString(file);
      if (file.toString().endsWith(".timer")) {
        assertThat(text).contains("[Timer]").containsPattern("(?m)^OnCalendar=\\S+");
      } else {
        assertThat(text).contains("[Service]").containsPattern("(?m)^ExecStart=/\\S+");
      }
    }
    for (Path file : FILES.get("crontab")) {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.startsWith("#") || line.matches("[A-Z_]+=.*")) {
          continue;
        }
        assertThat(line.split("\\s+")).as("crontab line: " + line).hasSizeGreaterThan(5);
      }
    }
  }

  /** Runs a command; returns its output if it failed, "" if it succeeded. */
  static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + out;
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
