package org.resnetspark.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.resnetspark.config.JvmFlags;

/**
 * A Spark standalone cluster on 127.0.0.1: a master and {@code workers} one-core workers, each a
 * JVM of its own started from {@code classpath}, as {@code deploy/local-cluster/start.sh} starts
 * them. Executors are the workers' child JVMs, so parameters cross process boundaries as on a real
 * cluster. {@code local-cluster[...]} does the same only with Spark's testing properties set in the
 * driver, which would change the driver's own behaviour too.
 */
public final class LoopbackCluster implements AutoCloseable {
  private static final int REGISTER_SECONDS = 120;
  private final Path dir;
  private final String masterUrl;
  private final List<Process> processes = new ArrayList<>();

  private LoopbackCluster(Path dir, String masterUrl) {
    this.dir = dir;
    this.masterUrl = masterUrl;
  }

  /** Starts the master and the workers and waits until every worker has registered. */
  public static LoopbackCluster start(Path dir, int workers, int workerMemoryMb, String classpath)
      throws IOException, InterruptedException {
    int port = freePort();
    LoopbackCluster cluster = new LoopbackCluster(dir, "spark://127.0.0.1:" + port);
    try {
      // The workers' launcher looks for Spark's jars under SPARK_HOME unless testing; the
      // executors get the classpath from spark.executor.extraClassPath instead.
      Files.createDirectories(dir.resolve("spark-home"));
      cluster.launch(
          "master",
          classpath,
          "org.apache.spark.deploy.master.Master",
          "--host",
          "127.0.0.1",
          "--port",
          String.valueOf(port),
          "--webui-port",
          String.valueOf(freePort()));
      for (int i = 1; i <= workers; i++) {
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        cluster.launch(
            "worker-" + i,
            classpath,
            "org.apache.spark.deploy.worker.Worker",
            "--host",
            "127.0.0.1",
            "--cores",
            "1",
            "--memory",
            workerMemoryMb + "m",
            "--work-dir",
            work.toString(),
            "--webui-port",
            "0",
            cluster.masterUrl);
      }
      cluster.awaitWorkers(workers);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  public String masterUrl() {
    return masterUrl;
  }

  private void launch(String name, String classpath, String... mainAndArgs) throws IOException {
    Path home = dir.resolve("spark-home");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(List.of(JvmFlags.all().split("\\s+")));
    command.add("-Dspark.testing=true");
    command.add("-Dspark.test.home=" + home);
    command.add("-cp");
    command.add(classpath);
    command.add(ParentWatch.class.getName());
    command.add(String.valueOf(ProcessHandle.current().pid()));
    command.addAll(List.of(mainAndArgs));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SPARK_HOME", home.toString());
    builder.environment().put("SPARK_TESTING", "1");
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    builder.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
    processes.add(builder.start());
  }

  private void awaitWorkers(int workers) throws IOException, InterruptedException {
    Path log = dir.resolve("master.log");
    for (int second = 0; second < REGISTER_SECONDS; second++) {
      long registered =
          Files.exists(log)
              ? Files.readAllLines(log).stream()
                  .filter(l -> l.contains("Registering worker"))
                  .count()
              : 0;
      if (registered >= workers) {
        return;
      }
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "A cluster process exited with code " + p.exitValue() + "; see the logs in " + dir);
        }
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(
        "The workers did not register within " + REGISTER_SECONDS + " s; see the logs in " + dir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stops the workers (and with them their executors), then the master. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
