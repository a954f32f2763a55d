package org.resnetspark.bench;

import java.util.Map;

/**
 * What one engine did: its throughput, the trainable parameters of the network it built, the
 * threads as the library itself reports them after being set, and the process's resident memory
 * (MB) when it started, after the previous engine's memory was released.
 */
public record EngineRun(
    Throughput throughput, long trainableParams, Map<String, Integer> threads, long residentMb) {

  public EngineRun {
    threads = Map.copyOf(threads);
  }
}
