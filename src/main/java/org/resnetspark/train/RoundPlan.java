package org.resnetspark.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How an epoch's shard paths are dealt out to the workers: in each averaging round every worker
 * gets its own share of {@code pathsPerWorker} consecutive paths, and fits them in that order. The
 * last round takes what is left, over as many workers as it has paths, in shares that differ by at
 * most one path. The trainer hands DL4J one partition per share, so this plan is exactly what the
 * workers see.
 */
public final class RoundPlan {
  private RoundPlan() {}

  /** One averaging round: the paths of each worker that takes part, worker by worker. */
  public record Round(List<List<String>> shares) implements Serializable {
    public Round {
      shares = shares.stream().<List<String>>map(s -> new ArrayList<>(s)).toList();
    }

    public int paths() {
      return shares.stream().mapToInt(List::size).sum();
    }

    public int workers() {
      return shares.size();
    }
  }

  public static List<Round> deal(List<String> paths, int workers, int pathsPerWorker) {
    if (workers < 1 || pathsPerWorker < 1) {
      throw new IllegalArgumentException(
          "Invalid plan: " + workers + " workers of " + pathsPerWorker + " paths (expected >= 1)");
    }
    int perRound = workers * pathsPerWorker;
    List<Round> rounds = new ArrayList<>();
    for (int from = 0; from < paths.size(); from += perRound) {
      List<String> slice = paths.subList(from, Math.min(paths.size(), from + perRound));
      rounds.add(new Round(split(slice, Math.min(workers, slice.size()))));
    }
    return rounds;
  }

  /** {@code parts} consecutive shares whose sizes differ by at most one. */
  private static List<List<String>> split(List<String> slice, int parts) {
    List<List<String>> shares = new ArrayList<>(parts);
    int base = slice.size() / parts;
    int larger = slice.size() % parts;
    int from = 0;
    for (int i = 0; i < parts; i++) {
      int size = base + (i < larger ? 1 : 0);
      shares.add(slice.subList(from, from + size));
      from += size;
    }
    return shares;
  }
}
