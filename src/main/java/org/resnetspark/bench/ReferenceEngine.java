package org.resnetspark.bench;

/**
 * Times the benchmark network in another framework on the same cores. Implementations are only on
 * the classpath when the build includes them (see the {@code libtorch} Maven profile).
 */
public interface ReferenceEngine {

  Throughput measure(BenchVariant variant, BenchShape shape, int batch, BenchSchedule schedule);
}
