package org.resnetspark.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.resnetspark.config.CheckpointSettings;
import org.resnetspark.config.Metric;
import org.resnetspark.files.AtomicFile;

/**
 * Checkpoints of one run under {@code <run-dir>/checkpoints/epoch-NNNN/} (and, inside an epoch,
 * {@code step-NNNNNNNN/}, see {@link CheckpointKind}) on any Hadoop file system. A checkpoint is
 * written under a temporary name and renamed into place; the {@code latest} pointer moves only
 * after that, so a crash at any point leaves the previous checkpoint intact and {@link #latest()}
 * always answers a complete one.
 */
public final class CheckpointStore {
  static final String MODEL_FILE = "model.zip";
  static final String STATE_FILE = "state.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final FileSystem fs;
  private final Path root;
  private final Pointer latest;
  private final Pointer best;
  private final Metric bestMetric;

  private CheckpointStore(FileSystem fs, Path root, Metric bestMetric) {
    this.fs = fs;
    this.root = root;
    this.latest = new Pointer(fs, root, "latest");
    this.best = new Pointer(fs, root, "best");
    this.bestMetric = bestMetric;
  }

  /** The checkpoints of a run; the best one is the one with the highest validation top-1. */
  public static CheckpointStore open(String runDir, Configuration conf) {
    return open(runDir, conf, Metric.TOP1);
  }

  public static CheckpointStore open(String runDir, Configuration conf, Metric bestMetric) {
    Path root = new Path(runDir, "checkpoints");
    try {
      return new CheckpointStore(root.getFileSystem(conf), root, bestMetric);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the checkpoint folder " + root, e);
    }
  }

  public static String directoryName(int epoch) {
    return CheckpointKind.EPOCH.directoryName(epoch);
  }

  /** {@code epoch-NNNN} for an epoch checkpoint, {@code step-NNNNNNNN} for a round checkpoint. */
  static String directoryName(CheckpointState state) {
    return state.kind() == CheckpointKind.EPOCH
        ? directoryName(state.epoch())
        : CheckpointKind.ROUND.directoryName(state.globalStep());
  }

  /**
   * Writes the model with its updater state and the state file; returns the placed checkpoint. A
   * failure removes what was half written and throws a {@link CheckpointWriteException} naming the
   * checkpoint that is still the latest.
   */
  public Checkpoint write(ComputationGraph net, CheckpointState state) throws IOException {
    String name = directoryName(state);
    Optional<String> previous = latest.read();
    Path tmp = new Path(root, "." + name + ".tmp-" + UUID.randomUUID());
    try {
      return place(net, state, tmp);
    } catch (IOException e) {
      removeQuietly(tmp);
      throw new CheckpointWriteException(
          new Path(root, name).toString(), previous, root.getParent().toString(), e);
    }
  }

  private Checkpoint place(ComputationGraph net, CheckpointState state, Path tmp)
      throws IOException {
    String name = directoryName(state);
    Path target = new Path(root, name);
    fs.mkdirs(tmp);
    MessageDigest sha = sha256();
    long bytes =
        AtomicFile.createNew(
            fs,
            new Path(tmp, MODEL_FILE),
            out -> {
              OutputStream digested = new DigestOutputStream(out, sha);
              ModelSerializer.writeModel(net, digested, true);
              digested.flush();
            });
    CheckpointState complete = state.withModel(HexFormat.of().formatHex(sha.digest()), bytes);
    AtomicFile.createNew(
        fs, new Path(tmp, STATE_FILE), out -> out.write(JSON.writeValueAsBytes(complete)));
    if (fs.exists(target)) {
      fs.delete(target, true);
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("Could not rename " + tmp + " to " + target);
    }
    Checkpoint placed = new Checkpoint(target.toString(), complete);
    latest.pointAt(name);
    if (complete.kind() == CheckpointKind.ROUND) {
      return placed; // no validation metrics: never the best
    }
    Optional<Checkpoint> currentBest = best();
    if (currentBest.isEmpty()
        || currentBest.get().state().epoch() == complete.epoch()
        || bestMetric.better(
            bestMetric.in(complete.metrics()),
            bestMetric.in(currentBest.get().state().metrics()))) {
      best.pointAt(name);
    }
    return placed;
  }

  private void removeQuietly(Path tmp) {
    try {
      fs.delete(tmp, true);
    } catch (IOException | RuntimeException ignored) {
      // retain() removes leftover temporary folders later; the write's own error matters more
    }
  }

  /** Complete checkpoints (those with a state file), oldest first. */
  public List<Checkpoint> list() throws IOException {
    List<Checkpoint> result = new ArrayList<>();
    if (!fs.exists(root)) {
      return result;
    }
    for (FileStatus s : fs.listStatus(root)) {
      String n = s.getPath().getName();
      if (s.isDirectory()
          && (CheckpointKind.EPOCH.names(n) || CheckpointKind.ROUND.names(n))
          && fs.exists(new Path(s.getPath(), STATE_FILE))) {
        result.add(read(s.getPath()));
      }
    }
    result.sort(Comparator.comparingLong(c -> c.state().globalStep()));
    return result;
  }

  /** The checkpoint {@code latest} points at, or the newest complete one if the pointer is gone. */
  public Optional<Checkpoint> latest() throws IOException {
    Optional<Checkpoint> pointed = resolve(latest);
    if (pointed.isPresent()) {
      return pointed;
    }
    List<Checkpoint> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The checkpoint with the best validation metric so far. */
  public Optional<Checkpoint> best() throws IOException {
    return resolve(best);
  }

  /**
   * Deletes complete checkpoints other than the newest {@code checkpoint.keep-last} epoch
   * checkpoints, the newest {@code checkpoint.keep-last-rounds} round checkpoints and the ones
   * {@code latest} and {@code best} point at, and temporary folders of writes that never finished.
   */
  public List<Checkpoint> retain(CheckpointSettings retention) throws IOException {
    List<Checkpoint> all = list();
    Set<String> keep = new HashSet<>();
    latest.read().ifPresent(keep::add);
    best.read().ifPresent(keep::add);
    keepNewest(all, CheckpointKind.EPOCH, retention.keepLast(), keep);
    keepNewest(all, CheckpointKind.ROUND, retention.keepLastRounds(), keep);
    List<Checkpoint> deleted = new ArrayList<>();
    for (Checkpoint c : all) {
      if (!keep.contains(new Path(c.path()).getName())) {
        fs.delete(new Path(c.path()), true);
        deleted.add(c);
      }
    }
    for (FileStatus s : fs.listStatus(root)) {
      if (s.isDirectory() && s.getPath().getName().matches("\\.(epoch|step)-\\d+\\.tmp-.*")) {
        fs.delete(s.getPath(), true);
      }
    }
    return deleted;
  }

  private static void keepNewest(
      List<Checkpoint> oldestFirst, CheckpointKind kind, int count, Set<String> keep) {
    List<Checkpoint> ofKind = oldestFirst.stream().filter(c -> c.state().kind() == kind).toList();
    for (int i = Math.max(0, ofKind.size() - count); i < ofKind.size(); i++) {
      keep.add(new Path(ofKind.get(i).path()).getName());
    }
  }

  private Optional<Checkpoint> resolve(Pointer pointer) throws IOException {
    Optional<String> name = pointer.read();
    if (name.isPresent()) {
      Path dir = new Path(root, name.get());
      if (fs.exists(new Path(dir, STATE_FILE))) {
        return Optional.of(read(dir));
      }
    }
    return Optional.empty();
  }

  /** Whether the model file still has the checksum recorded when it was written. */
  public boolean verify(Checkpoint checkpoint) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = new DigestInputStream(fs.open(new Path(checkpoint.modelPath())), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (ChecksumException e) {
      return false; // the file system's own block checksums caught it first
    }
    return HexFormat.of().formatHex(sha.digest()).equals(checkpoint.state().modelSha256());
  }

  /** Loads the model with its updater state, refusing one whose checksum does not match. */
  public ComputationGraph load(Checkpoint checkpoint) throws IOException {
    if (!verify(checkpoint)) {
      throw new IOException(
          "Checkpoint "
              + checkpoint.modelPath()
              + " fails its SHA-256 check; use an earlier one (resnet-spark checkpoints lists them)");
    }
    try (InputStream in = fs.open(new Path(checkpoint.modelPath()))) {
      return ModelSerializer.restoreComputationGraph(in, true);
    }
  }

  /** The checkpoint in {@code checkpointDir} ({@code <run>/checkpoints/epoch-NNNN}). */
  public static Checkpoint at(String checkpointDir, Configuration conf) throws IOException {
    Path dir = new Path(checkpointDir);
    return open(dir.getParent().getParent().toString(), conf).read(dir);
  }

  /**
   * Replaces a checkpoint's state file (its model stays) in one atomic step, so a reader sees the
   * old state or the new one; returns the checkpoint with the new state.
   */
  public static Checkpoint replaceState(
      Checkpoint checkpoint, CheckpointState state, Configuration conf) throws IOException {
    Path file = new Path(checkpoint.path(), STATE_FILE);
    AtomicFile.replace(
        file.getFileSystem(conf), file, out -> out.write(JSON.writeValueAsBytes(state)));
    return new Checkpoint(checkpoint.path(), state);
  }

  /** Loads a checkpoint of any run; see {@link #load(Checkpoint)}. */
  public static ComputationGraph load(Checkpoint checkpoint, Configuration conf)
      throws IOException {
    return open(new Path(checkpoint.path()).getParent().getParent().toString(), conf)
        .load(checkpoint);
  }

  private Checkpoint read(Path dir) throws IOException {
    try (InputStream in = fs.open(new Path(dir, STATE_FILE))) {
      return new Checkpoint(
          dir.toString(), CheckpointState.read(in, new Path(dir, STATE_FILE).toString()));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
