package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.data.FashionMnist;
import org.resnetspark.job.SparkSessions;

/**
 * The deployment path end to end: a standalone master and two workers, each its own JVM on
 * 127.0.0.1 ({@code deploy/local-cluster/start.sh}), and {@code deploy/spark-submit.sh} submitting
 * {@code prepare}, {@code train} and {@code retrain} through Spark's {@code SparkSubmit} with the
 * shaded jar; then the tables they wrote.
 */
class SparkSubmitIT {
  @TempDir static Path work;
  static Map<String, String> env;
  static String master;

  @BeforeAll
  static void startCluster() throws Exception {
    FashionMnist.writeClassFolders(FashionMnist.defaultDir(), work.resolve("images"), 6, 2);
    int port = freePort();
    master = "spark://127.0.0.1:" + port;
    env =
        Map.of(
            "LOCAL_CLUSTER_DIR", work.resolve("cluster").toString(),
            "MASTER_PORT", Integer.toString(port),
            "MASTER_WEBUI_PORT", Integer.toString(freePort()),
            "WORKER_MEMORY", "2g",
            "SPARK_SUBMIT", "deploy/local-cluster/spark-submit",
            "SUBMIT_HEAP", "1g",
            "RESNET_DRIVER_HEAP", "1g",
            "RESNET_EXECUTOR_HEAP", "1g",
            "RESNET_EXECUTOR_OFFHEAP", "1g");
    run("start", "deploy/local-cluster/start.sh", "2");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    run("stop", "deploy/local-cluster/stop.sh");
  }

  @Test
  void prepareTrainAndRetrainRunOnTheClusterAndRecordTheirResults() throws Exception {
    List<String> settings =
        List.of(
            "storage.work-dir=" + work.resolve("out"),
            "model.variant=resnet8",
            "data.shard-size=32",
            "train.workers=2",
            "train.batch-size-per-worker=16",
            "train.averaging-frequency=2",
            "train.epochs=1",
            "retrain.source=" + work.resolve("images"));

    String prepared = submit(settings, "prepare", "--source", work.resolve("images").toString());
    String trained = submit(settings, "train");
    String retrained = submit(settings, "retrain");

    assertThat(prepared).contains("train: 60 examples").contains("val: 20 examples");
    assertThat(trained).contains("2 workers").contains("finished: 1 epochs");
    // The driver and the executors run the jar's oneDNN build of libnd4j.
    assertThat(trained).contains("layers: fast, convolutions on onednn");
    try (Stream<Path> files = Files.walk(work.resolve("cluster"))) {
      assertThat(
              files
                  .filter(f -> f.getFileName().toString().equals("stderr"))
                  .filter(f -> contains(f, "Fast convolutions run on oneDNN"))
                  .count())
          .as("executor logs saying the convolutions run on oneDNN")
          .isGreaterThanOrEqualTo(2);
    }
    assertThat(retrained).contains("generation 1: 80 new images").contains("generation 1 promoted");
    String masterLog = Files.readString(work.resolve("cluster/master.log"));
    assertThat(masterLog.split("Registering app ", -1)).hasSize(4);

    SparkSession spark =
        SparkSessions.create(
            ConfigLoader.load(null, concat(settings, "spark.master=local[1]")), null);
    try {
      assertThat(
              spark
                  .sql("SELECT count(*) FROM resnet.runs WHERE status = 'finished'")
                  .first()
                  .getLong(0))
          .isEqualTo(2);
      assertThat(
              spark
                  .sql("SELECT count(*) FROM resnet.promotions WHERE generation = 1 AND promoted")
                  .first()
                  .getLong(0))
          .isEqualTo(1);
    } finally {
      spark.stop();
    }
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.readString(file).contains(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String submit(List<String> settings, String... command) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "deploy/spark-submit.sh",
                "--master",
                master,
                "--total-executor-cores",
                "2",
                "--executor-cores",
                "1",
                "--"));
    args.addAll(List.of(command));
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    return run(command[0], args.toArray(String[]::new));
  }

  /** Runs a process from the project folder; returns its output, failing on a non-zero exit. */
  static String run(String name, String... command) throws Exception {
    Path log = work.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.redirectOutput(log.toFile()).start();
    try {
      boolean done = p.waitFor(15, TimeUnit.MINUTES);
      String out = Files.readString(log);
      assertThat(done).as(name + " finished in time:\n" + tail(out)).isTrue();
      assertThat(p.exitValue()).as(name + " exit code:\n" + tail(out)).isZero();
      return out;
    } finally {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
  }

  static String tail(String text) {
    return text.substring(Math.max(0, text.length() - 4000));
  }

  static List<String> concat(List<String> list, String more) {
    List<String> all = new ArrayList<>(list);
    all.add(more);
    return all;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
