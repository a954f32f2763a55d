package org.resnetspark.job;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.network.util.JavaUtils;
import org.bytedeco.javacpp.Pointer;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Settings;
import org.resnetspark.data.Manifest;
import org.resnetspark.model.BackpropFloor;

/**
 * Refuses, before the first round, a network that cannot train within the workers' off-heap limit
 * at the configured batch, rather than letting it fail with an out-of-memory error inside an
 * executor in the middle of an epoch. The memory a step needs is estimated from the layer shapes:
 * {@link BackpropFloor} per image, times what DL4J keeps over that floor as {@code bench memory}
 * measured it, plus the parameters' copies.
 */
public final class MemoryCheck {

  /**
   * Bytes a training step holds per image for each byte of the floor with glibc's default C
   * allocator, which keeps the per-call buffers of libnd4j's oneDNN operations resident once freed:
   * {@code bench memory} measured 2.11 to 3.64 (the peak less four copies of the parameters, per
   * image, over the floor; the lowest at the largest batch) for {@code resnet110}, {@code
   * resnet1202} and {@code preact-resnet1001} at 32x32x3 with the fast layers (README, Benchmarks).
   * The estimate stays below every measured peak, so it refuses only what cannot fit.
   */
  static final double BYTES_PER_FLOOR_BYTE = 2.0;

  /**
   * The same with the mmap threshold at {@value #LEAN_MMAP_THRESHOLD} bytes or less ({@code
   * MALLOC_MMAP_THRESHOLD_}), which returns freed blocks of that size to the system: measured 1.16
   * to 3.88 the same way.
   */
  static final double BYTES_PER_FLOOR_BYTE_LEAN = 1.1;

  /** The largest {@code MALLOC_MMAP_THRESHOLD_} the lean figure was measured for. */
  static final long LEAN_MMAP_THRESHOLD = 1L << 20;

  static final String MMAP_THRESHOLD = "MALLOC_MMAP_THRESHOLD_";

  /** Parameters, their gradients, the Nesterov momentum and the copy averaging receives. */
  static final int PARAMETER_COPIES = 4;

  private static final Pattern MAX_PHYSICAL_BYTES =
      Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.maxphysicalbytes=(\\S+)");
  private static final Pattern MAX_BYTES =
      Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.maxbytes=(\\S+)");

  private MemoryCheck() {}

  /**
   * The off-heap bytes one worker may use, where that figure comes from, and whether its C
   * allocator returns freed blocks to the system ({@link #LEAN_MMAP_THRESHOLD}).
   */
  public record Limit(long bytes, String source, boolean leanAllocator) {
    public Limit(long bytes, String source) {
      this(bytes, source, false);
    }
  }

  /** JavaCPP's {@code maxphysicalbytes=0}: no limit, nothing to refuse. */
  static final Limit UNLIMITED = new Limit(Long.MAX_VALUE, "maxphysicalbytes=0, no limit");

  /** Checks the run's network and batch against its workers' limit. */
  static void beforeTraining(JavaSparkContext sc, Settings settings, Manifest manifest) {
    ModelSpec spec = ModelSpec.of(settings, manifest);
    int workers =
        settings.train().workers() > 0 ? settings.train().workers() : sc.defaultParallelism();
    check(spec, settings.train().batchSizePerWorker(), workerLimit(sc.getConf(), workers));
  }

  /**
   * The estimated bytes of a training step of {@code spec} on {@code batch} images, with glibc's
   * default allocator or a lean one.
   */
  public static long neededBytes(ModelSpec spec, int batch, boolean leanAllocator) {
    BackpropFloor floor = BackpropFloor.of(spec.plan(), spec.options());
    return fixedBytes(spec) + (long) Math.ceil(batch * perImageBytes(floor, leanAllocator));
  }

  public static void check(ModelSpec spec, int batch, Limit limit) {
    boolean lean = limit.leanAllocator();
    long needed = neededBytes(spec, batch, lean);
    if (needed <= limit.bytes()) {
      return;
    }
    BackpropFloor floor = BackpropFloor.of(spec.plan(), spec.options());
    long fitting =
        (long) Math.floor((limit.bytes() - fixedBytes(spec)) / perImageBytes(floor, lean));
    String lower =
        fitting >= 1
            ? String.format(Locale.ROOT, "lower train.batch-size-per-worker to %d or less", fitting)
            : "no batch fits (lower the input size, or pick a smaller model.variant)";
    throw new ConfigException(
        "%s on %s images at train.batch-size-per-worker %d needs about %s of off-heap memory per"
            + " worker for a training step (estimated from its layer shapes: %s per image of"
            + " activations that backprop keeps, about %.1fx that as DL4J trains%s, plus %d copies"
            + " of %s of parameters), but a worker may use %s (%s): %s, or raise the limit"
            + " (-Dorg.bytedeco.javacpp.maxphysicalbytes in spark.executor.extraJavaOptions;"
            + " RESNET_EXECUTOR_OFFHEAP with deploy/spark-submit.sh, jvm.offheap in"
            + " conf/jvm.properties for local runs)%s",
        spec.variant().name(),
        spec.options().inputLabel(),
        batch,
        size(needed),
        size(floor.bytesPerImage()),
        bytesPerFloorByte(lean),
        lean ? " with " + MMAP_THRESHOLD + " set" : " with glibc's default allocator",
        PARAMETER_COPIES,
        size(parameterBytes(spec)),
        size(limit.bytes()),
        limit.source(),
        lower,
        lean ? "" : leanHint(spec, batch));
  }

  private static String leanHint(ModelSpec spec, int batch) {
    return String.format(
        Locale.ROOT,
        "; or let the C allocator give freed memory back, at some cost in speed: %1$s=%2$d in"
            + " the environment of bin/resnet-spark, spark.executorEnv.%1$s=%2$d on a cluster, with"
            + " which the step needs about %3$s (README, Benchmarks, bench memory)",
        MMAP_THRESHOLD,
        LEAN_MMAP_THRESHOLD,
        size(neededBytes(spec, batch, true)));
  }

  /**
   * Whether a threshold setting (the value of {@code MALLOC_MMAP_THRESHOLD_}, null when unset)
   * returns freed blocks of activation size: a number of bytes up to {@link #LEAN_MMAP_THRESHOLD}.
   */
  static boolean lean(String threshold) {
    if (threshold == null) {
      return false;
    }
    try {
      long bytes = Long.parseLong(threshold.trim());
      return bytes > 0 && bytes <= LEAN_MMAP_THRESHOLD;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The off-heap memory one worker may use. ND4J 1.0.0-M2.1 allocates its arrays and workspaces in
   * libnd4j, outside JavaCPP's count ({@code Pointer.totalBytes()}), so {@code maxbytes} does not
   * bound them (a training step with a peak of 330 MB ran under {@code maxbytes=50m}); what stops a
   * process is {@code maxphysicalbytes}, which JavaCPP compares with the whole process's resident
   * memory, heap included. So a JVM's budget is {@code maxphysicalbytes} less its heap; without the
   * property JavaCPP takes twice {@code maxbytes}, whose default is the heap. In local mode every
   * worker is a thread of this JVM and they share its budget; on a cluster the tasks an executor
   * runs at once share the executor's.
   */
  public static Limit workerLimit(SparkConf conf, int workers) {
    String master = conf.get("spark.master", "");
    if (master.equals("local") || master.startsWith("local[")) {
      if (Pointer.maxPhysicalBytes() <= 0) {
        return UNLIMITED;
      }
      long heap = Runtime.getRuntime().maxMemory();
      return share(
          lean(System.getenv(MMAP_THRESHOLD)),
          Pointer.maxPhysicalBytes() - heap,
          String.format(
              Locale.ROOT,
              "this JVM's maxphysicalbytes %s less its heap %s",
              size(Pointer.maxPhysicalBytes()),
              size(heap)),
          workers,
          "local workers");
    }
    String options = conf.get("spark.executor.extraJavaOptions", "");
    String heapSetting = conf.get("spark.executor.memory", "1g");
    long heap = JavaUtils.byteStringAsBytes(heapSetting);
    Matcher physical = MAX_PHYSICAL_BYTES.matcher(options);
    Matcher max = MAX_BYTES.matcher(options);
    long physicalBytes;
    String source;
    if (physical.find()) {
      physicalBytes = JavaUtils.byteStringAsBytes(physical.group(1));
      if (physicalBytes <= 0) {
        return UNLIMITED;
      }
      source = "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + physical.group(1);
    } else if (max.find()) {
      physicalBytes = 2 * JavaUtils.byteStringAsBytes(max.group(1));
      source =
          "JavaCPP's default maxphysicalbytes, twice -Dorg.bytedeco.javacpp.maxbytes="
              + max.group(1);
    } else {
      physicalBytes = 2 * heap;
      source = "JavaCPP's default maxphysicalbytes, twice the heap";
    }
    return share(
        lean(conf.get("spark.executorEnv." + MMAP_THRESHOLD, null)),
        physicalBytes - heap,
        source + " of the executors less their heap spark.executor.memory=" + heapSetting,
        tasksPerExecutor(conf),
        "tasks per executor");
  }

  private static Limit share(boolean lean, long bytes, String source, int sharers, String who) {
    if (sharers <= 1) {
      return new Limit(bytes, source, lean);
    }
    return new Limit(
        bytes / sharers,
        String.format(Locale.ROOT, "%s, shared by %d %s", source, sharers, who),
        lean);
  }

  private static int tasksPerExecutor(SparkConf conf) {
    if (!conf.contains("spark.executor.cores")) {
      return 1;
    }
    return Math.max(1, conf.getInt("spark.executor.cores", 1) / conf.getInt("spark.task.cpus", 1));
  }

  private static double perImageBytes(BackpropFloor floor, boolean lean) {
    return floor.bytesPerImage() * bytesPerFloorByte(lean);
  }

  private static double bytesPerFloorByte(boolean lean) {
    return lean ? BYTES_PER_FLOOR_BYTE_LEAN : BYTES_PER_FLOOR_BYTE;
  }

  private static long fixedBytes(ModelSpec spec) {
    return PARAMETER_COPIES * parameterBytes(spec);
  }

  private static long parameterBytes(ModelSpec spec) {
    return spec.plan().trainableParams() * BackpropFloor.BYTES_PER_FLOAT;
  }

  private static String size(long bytes) {
    return bytes >= 1L << 30
        ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
  }
}
