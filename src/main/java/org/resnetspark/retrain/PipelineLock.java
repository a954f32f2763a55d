package org.resnetspark.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.resnetspark.config.ConfigException;
import org.resnetspark.files.AtomicFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retrain of a pipeline at a time: a lock file on the shared storage, created only if absent
 * (one NameNode operation on HDFS), naming its holder and refreshed with a heartbeat while the job
 * runs. A lock whose heartbeat is older than the timeout belongs to a job that died; it is moved
 * aside by a rename, which only one contender can win, and the lock is created anew.
 */
public final class PipelineLock implements AutoCloseable {
  public static final String FILE_NAME = "retrain.lock";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(PipelineLock.class);

  /** What the lock file holds. */
  public record Holder(String owner, String host, long pid, String startedAt, String heartbeatAt) {
    Duration age(Instant now) {
      return Duration.between(Instant.parse(heartbeatAt), now);
    }

    Holder beating(Instant now) {
      return new Holder(owner, host, pid, startedAt, now.toString());
    }
  }

  private final FileSystem fs;
  private final Path file;
  private final Holder holder;
  private final Duration timeout;
  private final ScheduledExecutorService heartbeat;
  private volatile Instant lastBeat;
  private volatile String lost;
  private volatile boolean closed;

  private PipelineLock(FileSystem fs, Path file, Holder holder, Duration timeout, Duration every) {
    this.fs = fs;
    this.file = file;
    this.holder = holder;
    this.timeout = timeout;
    this.lastBeat = Instant.parse(holder.heartbeatAt());
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "retrain-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long ms = every.toMillis();
    heartbeat.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lock of {@code root}, taking over a stale one; a live lock is a ConfigException
   * naming its holder and the way out. {@code took} receives a line when a stale lock was replaced.
   */
  public static PipelineLock acquire(
      String root,
      Configuration conf,
      Duration timeout,
      Duration every,
      java.util.function.Consumer<String> took)
      throws IOException {
    Path file = new Path(root, FILE_NAME);
    FileSystem fs = file.getFileSystem(conf);
    fs.mkdirs(file.getParent());
    Instant now = Instant.now();
    Holder me =
        new Holder(
            UUID.randomUUID().toString(),
            InetAddress.getLocalHost().getHostName(),
            ProcessHandle.current().pid(),
            now.toString(),
            now.toString());
    for (int attempt = 0; attempt < 3; attempt++) {
      if (create(fs, file, me)) {
        return new PipelineLock(fs, file, me, timeout, every);
      }
      Optional<Holder> current = read(fs, file);
      if (current.isEmpty()) {
        continue; // released between the two steps
      }
      Holder other = current.get();
      Duration age = other.age(Instant.now());
      if (age.compareTo(timeout) <= 0) {
        throw new ConfigException(
            "Another retrain of %s is running: owner %s on %s (pid %d), started %s, last"
                + " heartbeat %d s ago. Wait for it to finish; if that process is gone, its lock"
                + " (%s) is taken over once its heartbeat is older than retrain.lock-timeout-s"
                + " (%d s), or delete the file by hand",
            root,
            other.owner(),
            other.host(),
            other.pid(),
            other.startedAt(),
            age.toSeconds(),
            file,
            timeout.toSeconds());
      }
      if (moveAside(fs, file, other)) {
        took.accept(
            String.format(
                "took over the stale lock of %s on %s (pid %d), last heartbeat %d s ago",
                other.owner(), other.host(), other.pid(), age.toSeconds()));
      }
    }
    throw new IOException("Could not take the lock " + file + " after 3 attempts; try again");
  }

  /**
   * Fails if another job took the lock over (this one was thought dead), or could have: the
   * heartbeat has not been written for more than half the timeout.
   */
  public void checkHeld() {
    if (lost != null) {
      throw new IllegalStateException(lost);
    }
  }

  public Holder holder() {
    return holder;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    // A beat under way would write the lock again after the delete below: let it finish first.
    heartbeat.shutdown();
    try {
      if (!heartbeat.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        heartbeat.shutdownNow();
      }
    } catch (InterruptedException e) {
      heartbeat.shutdownNow();
      Thread.currentThread().interrupt();
    }
    Optional<Holder> current = read(fs, file);
    if (current.isPresent() && current.get().owner().equals(holder.owner())) {
      fs.delete(file, false);
    }
  }

  /** Refreshes the heartbeat now, as the heartbeat thread does on its schedule. */
  void beatNow() {
    beat();
  }

  private void beat() {
    try {
      Optional<Holder> current = read(fs, file);
      if (current.isEmpty() || !current.get().owner().equals(holder.owner())) {
        lost =
            "The retrain lock "
                + file
                + " was taken over by "
                + current.map(Holder::owner).orElse("nobody (it was deleted)")
                + "; this job stops before promoting";
        heartbeat.shutdown();
        return;
      }
      // Replaced in one step: a lock that vanished for a moment could be taken by another job.
      byte[] beat = JSON.writeValueAsBytes(holder.beating(Instant.now()));
      AtomicFile.replace(fs, file, out -> out.write(beat));
      lastBeat = Instant.now();
    } catch (IOException | RuntimeException e) {
      failed(e);
    }
  }

  /**
   * The next beat tries again. But past half the timeout another job may soon judge this lock stale
   * and take it over, so from then on this job must not promote.
   */
  private void failed(Exception e) {
    if (closed) {
      return; // a beat interrupted by close
    }
    Duration silent = Duration.between(lastBeat, Instant.now());
    LOG.warn(
        "Could not refresh the retrain lock {} (last written {} s ago): {}",
        file,
        silent.toSeconds(),
        e.toString());
    if (silent.compareTo(timeout.dividedBy(2)) > 0) {
      lost =
          String.format(
              "The retrain lock %s could not be written for %d s, more than half of"
                  + " retrain.lock-timeout-s (%d s); another retrain may take it over, so this"
                  + " job stops before promoting (last error: %s). Check the storage and run"
                  + " retrain again: it continues the unfinished generation",
              file, silent.toSeconds(), timeout.toSeconds(), e);
      heartbeat.shutdown();
    }
  }

  private static boolean create(FileSystem fs, Path file, Holder me) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      JSON.writeValue(out, me);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false; // HDFS reports a lost create race as AlreadyBeingCreated or similar
      }
      throw e;
    }
  }

  /**
   * Renames the stale lock aside. If what was renamed is not the lock judged stale (another job
   * took it over in between), it is put back.
   */
  private static boolean moveAside(FileSystem fs, Path file, Holder stale) throws IOException {
    Path aside = new Path(file.getParent(), "." + FILE_NAME + ".stale-" + UUID.randomUUID());
    if (!fs.rename(file, aside)) {
      return false;
    }
    Optional<Holder> moved = read(fs, aside);
    if (moved.isPresent()
        && moved.get().owner().equals(stale.owner())
        && moved.get().heartbeatAt().equals(stale.heartbeatAt())) {
      fs.delete(aside, false);
      return true;
    }
    FileContext.getFileContext(file.toUri(), fs.getConf()).rename(aside, file);
    return false;
  }

  static Optional<Holder> read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return Optional.of(JSON.readValue(in, Holder.class));
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Being written, or left empty by a crash: its age is the file's.
      String at = Instant.ofEpochMilli(fs.getFileStatus(file).getModificationTime()).toString();
      return Optional.of(new Holder("unknown", "unknown", -1, at, at));
    }
  }
}
