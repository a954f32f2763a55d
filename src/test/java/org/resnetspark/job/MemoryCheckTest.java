package org.resnetspark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.SparkConf;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.model.BackpropFloor;

/** A net that cannot train within the workers' off-heap limit is refused before the first round. */
class MemoryCheckTest {
  static final long GB = 1L << 30;

  static ModelSpec spec(String variant) {
    return ModelSpec.of(
        ConfigLoader.load(null, List.of("model.variant=" + variant)), 10, 32, 32, 3);
  }

  @Test
  void aDeepNetAtAHugeBatchIsRefusedNamingTheNetTheBatchTheMemoryAndTheSettings() {
    MemoryCheck.Limit limit =
        new MemoryCheck.Limit(6 * GB, "-Dorg.bytedeco.javacpp.maxphysicalbytes=16G less the heap");

    assertThatThrownBy(() -> MemoryCheck.check(spec("preact-resnet1001"), 4096, limit))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("preact-resnet1001 on 32x32x3 images")
        .hasMessageContaining("train.batch-size-per-worker 4096 needs about")
        .hasMessageContaining(
            "but a worker may use 6.0 GB (-Dorg.bytedeco.javacpp.maxphysicalbytes=16G less the heap)")
        .hasMessageMatching("(?s).*lower train\\.batch-size-per-worker to \\d+ or less.*")
        .hasMessageContaining("RESNET_EXECUTOR_OFFHEAP");
  }

  @Test
  void theBatchItSuggestsFitsAndTheNextDoesNot() {
    MemoryCheck.Limit limit = new MemoryCheck.Limit(2 * GB, "test");
    ModelSpec resnet1202 = spec("resnet1202");
    String message = "";
    try {
      MemoryCheck.check(resnet1202, 512, limit);
    } catch (ConfigException e) {
      message = e.getMessage();
    }
    int suggested =
        Integer.parseInt(
            message.replaceAll("(?s).*batch-size-per-worker to (\\d+) or less.*", "$1"));

    assertThat(suggested).isBetween(1, 511);
    assertThatCode(() -> MemoryCheck.check(resnet1202, suggested, limit))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> MemoryCheck.check(resnet1202, suggested + 1, limit))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void aFittingNetPasses() {
    assertThatCode(
            () -> MemoryCheck.check(spec("resnet20"), 128, new MemoryCheck.Limit(2 * GB, "test")))
        .doesNotThrowAnyException();
  }

  @Test
  void theEstimateGrowsWithTheBatchByTheFloorTimesWhatDl4jKeepsOverIt() {
    long one = MemoryCheck.neededBytes(spec("resnet110"), 1, false);
    long many = MemoryCheck.neededBytes(spec("resnet110"), 33, false);
    long leanOne = MemoryCheck.neededBytes(spec("resnet110"), 1, true);
    long leanMany = MemoryCheck.neededBytes(spec("resnet110"), 33, true);
    long floor =
        BackpropFloor.of(spec("resnet110").plan(), spec("resnet110").options()).bytesPerImage();

    assertThat((double) (many - one) / 32)
        .isCloseTo(floor * MemoryCheck.BYTES_PER_FLOOR_BYTE, within(1.0));
    assertThat((double) (leanMany - leanOne) / 32)
        .isCloseTo(floor * MemoryCheck.BYTES_PER_FLOOR_BYTE_LEAN, within(1.0));
  }

  @Test
  void withGlibcsDefaultAllocatorTheMessageNamesTheLeanSettingAndWhatTheStepThenNeeds() {
    MemoryCheck.Limit glibc = new MemoryCheck.Limit(4 * GB, "test");
    MemoryCheck.Limit lean = new MemoryCheck.Limit(4 * GB, "test", true);
    long leanNeed = MemoryCheck.neededBytes(spec("preact-resnet1001"), 24, true);

    assertThatThrownBy(() -> MemoryCheck.check(spec("preact-resnet1001"), 24, glibc))
        .hasMessageContaining("with glibc's default allocator")
        .hasMessageContaining("spark.executorEnv.MALLOC_MMAP_THRESHOLD_=1048576 on a cluster")
        .hasMessageContaining(
            String.format("the step needs about %.1f GB", leanNeed / (double) GB));
    assertThat(leanNeed).isLessThan(4 * GB);
    assertThatCode(() -> MemoryCheck.check(spec("preact-resnet1001"), 24, lean))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> MemoryCheck.check(spec("preact-resnet1001"), 64, lean))
        .hasMessageContaining("with MALLOC_MMAP_THRESHOLD_ set")
        .hasMessageNotContaining("spark.executorEnv");
  }

  @Test
  void aThresholdUpToOneMegabyteIsLean() {
    assertThat(MemoryCheck.lean(null)).isFalse();
    assertThat(MemoryCheck.lean("1048576")).isTrue();
    assertThat(MemoryCheck.lean(" 131072 ")).isTrue();
    assertThat(MemoryCheck.lean("4194304")).isFalse();
    assertThat(MemoryCheck.lean("0")).isFalse();
    assertThat(MemoryCheck.lean("1m")).isFalse();
  }

  @Test
  void executorsAreLeanWhenTheDriverSetsTheirThreshold() {
    SparkConf conf = new SparkConf().set("spark.master", "yarn").set("spark.executor.memory", "4g");

    assertThat(MemoryCheck.workerLimit(conf, 8).leanAllocator()).isFalse();
    conf.set("spark.executorEnv.MALLOC_MMAP_THRESHOLD_", "1048576");
    assertThat(MemoryCheck.workerLimit(conf, 8).leanAllocator()).isTrue();
  }

  @Test
  void localWorkersShareThisJvmsPhysicalLimitLessItsHeap() {
    MemoryCheck.Limit limit =
        MemoryCheck.workerLimit(new SparkConf().set("spark.master", "local[2]"), 2);

    assertThat(limit.bytes())
        .isEqualTo((Pointer.maxPhysicalBytes() - Runtime.getRuntime().maxMemory()) / 2);
    assertThat(limit.source()).contains("maxphysicalbytes", "shared by 2 local workers");
  }

  @Test
  void executorsTheirPhysicalLimitLessTheHeapSharedByTheTasksTheyRunAtOnce() {
    SparkConf conf =
        new SparkConf()
            .set("spark.master", "spark://host:7077")
            .set(
                "spark.executor.extraJavaOptions",
                "-Xss4m -Dorg.bytedeco.javacpp.maxbytes=6g"
                    + " -Dorg.bytedeco.javacpp.maxphysicalbytes=10g")
            .set("spark.executor.memory", "4g")
            .set("spark.executor.cores", "2");

    MemoryCheck.Limit limit = MemoryCheck.workerLimit(conf, 8);

    assertThat(limit.bytes()).isEqualTo(3 * GB);
    assertThat(limit.source()).contains("maxphysicalbytes=10g", "shared by 2 tasks per executor");
  }

  @Test
  void withoutMaxphysicalbytesJavaCppsDefaultTwiceMaxbytes() {
    SparkConf conf =
        new SparkConf()
            .set("spark.master", "yarn")
            .set("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=3g")
            .set("spark.executor.memory", "4g");

    MemoryCheck.Limit limit = MemoryCheck.workerLimit(conf, 8);

    assertThat(limit.bytes()).isEqualTo(2 * GB);
    assertThat(limit.source()).contains("twice -Dorg.bytedeco.javacpp.maxbytes=3g");
  }

  @Test
  void withNeitherTwiceTheHeapLessTheHeap() {
    SparkConf conf = new SparkConf().set("spark.master", "yarn").set("spark.executor.memory", "4g");

    assertThat(MemoryCheck.workerLimit(conf, 8).bytes()).isEqualTo(4 * GB);
  }

  @Test
  void maxphysicalbytesZeroIsNoLimit() {
    SparkConf conf =
        new SparkConf()
            .set("spark.master", "yarn")
            .set("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0");

    MemoryCheck.Limit limit = MemoryCheck.workerLimit(conf, 1);

    assertThat(limit.bytes()).isEqualTo(Long.MAX_VALUE);
    assertThatCode(() -> MemoryCheck.check(spec("preact-resnet1001"), 64, limit))
        .doesNotThrowAnyException();
  }
}
