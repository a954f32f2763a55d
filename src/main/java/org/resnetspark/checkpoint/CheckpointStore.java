package org.resnetspark.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checkpoints of one run under {@code <run-dir>/checkpoints/epoch-NNNN/} on any Hadoop file system.
 * A checkpoint is written under a temporary name and renamed into place; the {@code latest} pointer
 * moves only after that, so a crash at any point leaves the previous checkpoint intact and {@link
 * #latest()} always answers a complete one.
 */
public final class CheckpointStore {
  static final String MODEL_FILE = "model.zip";
  static final String STATE_FILE = "state.json";
  private static final String LATEST = "latest";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final FileSystem fs;
  private final Path root;

  private CheckpointStore(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  public static CheckpointStore open(String runDir, Configuration conf) {
    Path root = new Path(runDir, "checkpoints");
    try {
      return new CheckpointStore(root.getFileSystem(conf), root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the checkpoint folder " + root, e);
    }
  }

  public static String directoryName(int epoch) {
    return String.format("epoch-%04d", epoch);
  }

  /** Writes the model with its updater state and the state file; returns the placed checkpoint. */
  public Checkpoint write(ComputationGraph net, CheckpointState state) throws IOException {
    String name = directoryName(state.epoch());
    Path tmp = new Path(root, "." + name + ".tmp-" + UUID.randomUUID());
    Path target = new Path(root, name);
    fs.mkdirs(tmp);
    MessageDigest sha = sha256();
    long bytes;
    try (FSDataOutputStream raw = fs.create(new Path(tmp, MODEL_FILE), false);
        OutputStream out = new DigestOutputStream(raw, sha)) {
      ModelSerializer.writeModel(net, out, true);
      out.flush();
      bytes = raw.getPos();
    }
    CheckpointState complete = state.withModel(HexFormat.of().formatHex(sha.digest()), bytes);
    try (FSDataOutputStream out = fs.create(new Path(tmp, STATE_FILE), false)) {
      out.write(JSON.writeValueAsBytes(complete));
    }
    if (fs.exists(target)) {
      fs.delete(target, true);
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("Could not rename " + tmp + " to " + target);
    }
    pointLatestAt(name);
    return new Checkpoint(target.toString(), complete);
  }

  private void pointLatestAt(String name) throws IOException {
    Path tmp = new Path(root, "." + LATEST + ".tmp-" + UUID.randomUUID());
    try (FSDataOutputStream out = fs.create(tmp, false)) {
      out.write(name.getBytes(StandardCharsets.UTF_8));
    }
    Path latest = new Path(root, LATEST);
    fs.delete(latest, false);
    if (!fs.rename(tmp, latest)) {
      throw new IOException("Could not rename " + tmp + " to " + latest);
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
          && n.startsWith("epoch-")
          && fs.exists(new Path(s.getPath(), STATE_FILE))) {
        result.add(read(s.getPath()));
      }
    }
    result.sort(Comparator.comparingLong(c -> c.state().globalStep()));
    return result;
  }

  /** The checkpoint {@code latest} points at, or the newest complete one if the pointer is gone. */
  public Optional<Checkpoint> latest() throws IOException {
    Path pointer = new Path(root, LATEST);
    if (fs.exists(pointer)) {
      String name;
      try (InputStream in = fs.open(pointer)) {
        name = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      Path dir = new Path(root, name);
      if (fs.exists(new Path(dir, STATE_FILE))) {
        return Optional.of(read(dir));
      }
    }
    List<Checkpoint> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
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

  private Checkpoint read(Path dir) throws IOException {
    try (InputStream in = fs.open(new Path(dir, STATE_FILE))) {
      return new Checkpoint(dir.toString(), JSON.readValue(in, CheckpointState.class));
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
