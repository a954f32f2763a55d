package org.resnetspark.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.resnetspark.files.AtomicFile;
import org.resnetspark.files.FormatVersion;

/**
 * One generation of a retrain pipeline, {@code <root>/generations/gen-NNNN/}: {@code
 * generation.json} (written first: the run and the champion it started from), {@code index/} (the
 * new files' keys and SHA-256), {@code data/} (those files prepared), {@code shards/} (the combined
 * manifest trained on), the run directory, and {@code decision.json} (written last: a generation
 * without it is unfinished and the next retrain continues it).
 *
 * @param formatVersion the version of {@code generation.json}'s format; 0 for files written before
 *     it was recorded
 * @param champion the champion checkpoint directory when the generation started, or null
 */
record Generation(
    int formatVersion,
    int number,
    String dir,
    String runId,
    String champion,
    String championRunId,
    long newImages,
    String startedAt) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String STATE = "generation.json";
  static final String DECISION = "decision.json";

  /** The format of {@code generation.json} and {@code decision.json} this build writes. */
  static final int FORMAT_VERSION = 1;

  /** A new generation in the current format. */
  static Generation open(
      int number,
      String dir,
      String runId,
      String champion,
      String championRunId,
      long newImages,
      String startedAt) {
    return new Generation(
        FORMAT_VERSION, number, dir, runId, champion, championRunId, newImages, startedAt);
  }

  /** The promotion decision, as recorded. */
  record Decision(
      int formatVersion,
      boolean promoted,
      String metric,
      double margin,
      double challengerScore,
      Double championScore,
      Double newDataScore,
      String checkpoint,
      String reason,
      String decidedAt) {
    /** A decision in the current format. */
    static Decision of(
        boolean promoted,
        String metric,
        double margin,
        double challengerScore,
        Double championScore,
        Double newDataScore,
        String checkpoint,
        String reason,
        String decidedAt) {
      return new Decision(
          FORMAT_VERSION,
          promoted,
          metric,
          margin,
          challengerScore,
          championScore,
          newDataScore,
          checkpoint,
          reason,
          decidedAt);
    }
  }

  static String name(int number) {
    return String.format("gen-%04d", number);
  }

  static String generationsDir(String root) {
    return root + "/generations";
  }

  String runDir() {
    return dir + "/" + runId;
  }

  String indexDir() {
    return dir + "/index";
  }

  String dataDir() {
    return dir + "/data";
  }

  String shardsDir() {
    return dir + "/shards";
  }

  /** All generations with a state file, oldest first. */
  static List<Generation> list(String root, Configuration conf) throws IOException {
    Path parent = new Path(generationsDir(root));
    FileSystem fs = parent.getFileSystem(conf);
    List<Generation> result = new ArrayList<>();
    if (!fs.exists(parent)) {
      return result;
    }
    for (FileStatus s : fs.listStatus(parent)) {
      Path state = new Path(s.getPath(), STATE);
      if (s.isDirectory() && s.getPath().getName().matches("gen-\\d{4,}") && fs.exists(state)) {
        try (InputStream in = fs.open(state)) {
          Generation g = JSON.readValue(in, Generation.class);
          FormatVersion.check(g.formatVersion(), FORMAT_VERSION, state.toString());
          result.add(g);
        }
      }
    }
    result.sort(java.util.Comparator.comparingInt(Generation::number));
    return result;
  }

  void writeState(Configuration conf) throws IOException {
    write(conf, STATE, this);
  }

  Optional<Decision> decision(Configuration conf) throws IOException {
    Path file = new Path(dir, DECISION);
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      Decision d = JSON.readValue(in, Decision.class);
      FormatVersion.check(d.formatVersion(), FORMAT_VERSION, file.toString());
      return Optional.of(d);
    }
  }

  void writeDecision(Configuration conf, Decision decision) throws IOException {
    write(conf, DECISION, decision);
  }

  private void write(Configuration conf, String fileName, Object value) throws IOException {
    Path target = new Path(dir, fileName);
    byte[] json = JSON.writeValueAsBytes(value);
    AtomicFile.replace(target.getFileSystem(conf), target, out -> out.write(json));
  }
}
