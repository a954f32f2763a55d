package org.resnetspark.bench;

import org.resnetspark.job.ModelSpec;

/**
 * Times the benchmark network in another framework on the same cores. Implementations are only on
 * the classpath when the build includes them (see the {@code libtorch} Maven profile); they build
 * the network from {@link ModelSpec#plan()}, so it is the one DL4J trains.
 */
public interface ReferenceEngine {

  /** Trains on {@code input} and infers with {@code threads} threads; frees its memory after. */
  EngineRun measure(ModelSpec spec, BenchInput input, int threads, BenchSchedule schedule);
}
