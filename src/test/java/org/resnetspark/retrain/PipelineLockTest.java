package org.resnetspark.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.protocol.HdfsConstants.SafeModeAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.ConfigException;

/** The retrain lock and the champion pointer, on a real HDFS (MiniDFSCluster). */
class PipelineLockTest {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Duration BEAT = Duration.ofMillis(200);
  @TempDir static Path dir;
  static MiniDFSCluster cluster;
  static Configuration conf;
  static FileSystem fs;
  static String hdfs;

  @BeforeAll
  static void start() throws Exception {
    conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
    hdfs = fs.getUri().toString();
  }

  @AfterAll
  static void stop() {
    cluster.shutdown();
  }

  @Test
  void aSecondHolderIsRefusedUntilTheFirstReleases() throws Exception {
    String root = hdfs + "/pipeline-a";
    List<String> said = new ArrayList<>();
    try (PipelineLock first = PipelineLock.acquire(root, conf, TIMEOUT, BEAT, said::add)) {
      assertThatThrownBy(() -> PipelineLock.acquire(root, conf, TIMEOUT, BEAT, said::add))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("Another retrain of " + root + " is running")
          .hasMessageContaining("owner " + first.holder().owner())
          .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ")");
    }
    try (PipelineLock again = PipelineLock.acquire(root, conf, TIMEOUT, BEAT, said::add)) {
      assertThat(again.holder().owner()).isNotEmpty();
    }
    assertThat(said).isEmpty();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(root, PipelineLock.FILE_NAME))).isFalse();
  }

  @Test
  void theHeartbeatKeepsTheLockFresh() throws Exception {
    String root = hdfs + "/pipeline-b";
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(root, PipelineLock.FILE_NAME);
    try (PipelineLock lock = PipelineLock.acquire(root, conf, TIMEOUT, BEAT, s -> {})) {
      String started = PipelineLock.read(fs, file).orElseThrow().heartbeatAt();
      // Beats come every 200 ms; a loaded machine may delay a few, so wait up to 30 s for one.
      String later = started;
      for (long end = System.nanoTime() + 30_000_000_000L;
          later.equals(started) && System.nanoTime() < end; ) {
        Thread.sleep(200);
        later = PipelineLock.read(fs, file).orElseThrow().heartbeatAt();
      }
      assertThat(Instant.parse(later)).isAfter(Instant.parse(started));
      lock.checkHeld();
    }
  }

  @Test
  void aStaleLockIsTakenOverAndItsFormerHolderNoticesBeforePromoting() throws Exception {
    String root = hdfs + "/pipeline-c";
    PipelineLock dead = PipelineLock.acquire(root, conf, TIMEOUT, Duration.ofHours(1), s -> {});
    List<String> said = new ArrayList<>();
    // Judged with a timeout shorter than the age of its heartbeat, the first lock is stale.
    Thread.sleep(1100);
    try (PipelineLock next =
        PipelineLock.acquire(root, conf, Duration.ofSeconds(1), BEAT, said::add)) {
      assertThat(said).singleElement().asString().contains("took over the stale lock of");
      assertThat(next.holder().owner()).isNotEqualTo(dead.holder().owner());
      dead.beatNow();
      assertThatThrownBy(dead::checkHeld)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("was taken over by " + next.holder().owner());
      dead.close(); // leaves the new holder's lock alone
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(root, PipelineLock.FILE_NAME))).isTrue();
    }
  }

  @Test
  void aHeartbeatSilentForHalfTheTimeoutStopsTheJobBeforePromoting() throws Exception {
    String root = hdfs + "/pipeline-e";
    Duration timeout = Duration.ofSeconds(4);
    try (PipelineLock lock = PipelineLock.acquire(root, conf, timeout, BEAT, s -> {})) {
      lock.beatNow(); // written just now: a loaded machine's late heartbeat does not count
      // A NameNode in safe mode still serves reads but refuses every write.
      cluster.getFileSystem().setSafeMode(SafeModeAction.SAFEMODE_ENTER);
      try {
        lock.beatNow();
        lock.checkHeld(); // a failing beat, but not yet for half the timeout
        Thread.sleep(2100);
        lock.beatNow();
        assertThatThrownBy(lock::checkHeld)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("could not be written for")
            .hasMessageContaining("more than half of retrain.lock-timeout-s (4 s)")
            .hasMessageContaining("stops before promoting")
            .hasMessageContaining("SafeMode");
      } finally {
        cluster.getFileSystem().setSafeMode(SafeModeAction.SAFEMODE_LEAVE);
      }
    }
  }

  @Test
  void theChampionIsReplacedInOneStep() throws Exception {
    Champion champion = Champion.of(hdfs + "/pipeline-d", conf);
    assertThat(champion.read()).isEmpty();
    champion.promote(hdfs + "/runs/a/checkpoints/epoch-0001");
    champion.promote(hdfs + "/runs/b/checkpoints/epoch-0002");
    assertThat(champion.read()).contains(hdfs + "/runs/b/checkpoints/epoch-0002");
    assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(hdfs + "/pipeline-d"))).hasSize(1);
  }
}
