package org.resnetspark.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for one test class, started from the binaries of Debian's {@code
 * postgresql} package in a temporary folder on a free local port, with password authentication.
 * PostgreSQL refuses to run as root, so under root the server runs as the package's {@code
 * postgres} user.
 */
public final class PostgresServer implements AutoCloseable {
  private static final Path INSTALLED = Path.of("/usr/lib/postgresql");
  public static final String USER = "resnet";

  private final Path bin;
  private final Path dir;
  private final int port;
  private final String password;

  private PostgresServer(Path bin, Path dir, int port, String password) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.password = password;
  }

  /** Initialises a cluster, starts it and waits until it accepts connections. */
  public static PostgresServer start() throws IOException {
    Path bin = binaries();
    Path dir = Files.createTempDirectory("postgres-");
    String password = UUID.randomUUID().toString();
    Files.writeString(dir.resolve("password"), password + "\n");
    if (isRoot()) {
      UserPrincipal postgres;
      try {
        postgres =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      } catch (IOException e) {
        return fail("No user 'postgres' to run PostgreSQL as: install the postgresql package", e);
      }
      Files.setOwner(dir, postgres);
      Files.setOwner(dir.resolve("password"), postgres);
    }
    PostgresServer server = new PostgresServer(bin, dir, freePort(), password);
    server.run(
        "initdb",
        "--pgdata=" + dir.resolve("data"),
        "--username=" + USER,
        "--pwfile=" + dir.resolve("password"),
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--no-locale");
    server.run(
        "pg_ctl",
        "--pgdata=" + dir.resolve("data"),
        "--log=" + dir.resolve("server.log"),
        "--wait",
        "--options=-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1",
        "start");
    return server;
  }

  public String password() {
    return password;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, password);
  }

  /** Creates a database and returns its JDBC URL. */
  public String createDatabase(String name) throws SQLException {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return jdbcUrl(name);
  }

  @Override
  public void close() throws IOException {
    try {
      run("pg_ctl", "--pgdata=" + dir.resolve("data"), "--mode=fast", "--wait", "stop");
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** The bin folder of the newest installed major version. */
  private static Path binaries() throws IOException {
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(INSTALLED)) {
      try (Stream<Path> versions = Files.list(INSTALLED)) {
        versions
            .map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")))
            .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
            .forEach(found::add);
      }
    }
    if (found.isEmpty()) {
      return fail(
          "No PostgreSQL server in %s/<version>/bin (initdb, pg_ctl): install the postgresql"
              + " package (apt-get install postgresql); .ci/run installs it",
          INSTALLED);
    }
    found.sort(Comparator.comparingInt(b -> majorVersion(b.getParent())));
    return found.get(found.size() - 1);
  }

  private static int majorVersion(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void run(String program, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        fail("%s failed:%n%s%s", command, output, serverLog());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + command, e);
    }
  }

  private String serverLog() {
    Path log = dir.resolve("server.log");
    try {
      return Files.exists(log) ? "server log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
