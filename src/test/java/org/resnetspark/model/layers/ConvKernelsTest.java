package org.resnetspark.model.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvKernelsTest {

  @Test
  void theBuildLoadsTheOneDnnLibraryAndTheFastLayersUseIt() {
    assertThat(ConvKernels.oneDnnLoaded()).isTrue();
    assertThat(ConvKernels.name()).isEqualTo("onednn");
  }

  @Test
  void autoFollowsTheLoadedLibraryAndAPropertyForcesAKernel() {
    assertThat(ConvKernels.choose("auto", true)).isInstanceOf(OneDnnKernel.class);
    assertThat(ConvKernels.choose("auto", false)).isInstanceOf(GemmKernel.class);
    assertThat(ConvKernels.choose(" GEMM ", true)).isInstanceOf(GemmKernel.class);
    assertThat(ConvKernels.choose("onednn", true)).isInstanceOf(OneDnnKernel.class);
  }

  @Test
  void oneDnnWithoutItsLibraryAndUnknownNamesAreRefused() {
    assertThatThrownBy(() -> ConvKernels.choose("onednn", false))
        .hasMessageContaining("not its oneDNN build")
        .hasMessageContaining("-Dresnetspark.conv.kernel=gemm");
    assertThatThrownBy(() -> ConvKernels.choose("mkl", true))
        .hasMessageContaining("Invalid -Dresnetspark.conv.kernel: mkl")
        .hasMessageContaining("auto, onednn or gemm");
  }

  @Test
  void recognisesTheOneDnnBuildByItsLibraryPath() {
    String cache =
        "/home/u/.javacpp/cache/resnet-spark.jar/org/nd4j/linalg/cpu/nativecpu/bindings/";
    assertThat(
            ConvKernels.isOneDnnBuild(
                Map.of("jnind4jcpu", cache + "linux-x86_64-onednn/libjnind4jcpu.so")))
        .isTrue();
    assertThat(
            ConvKernels.isOneDnnBuild(
                Map.of("jnind4jcpu", cache + "linux-x86_64/libjnind4jcpu.so")))
        .isFalse();
    assertThat(ConvKernels.isOneDnnBuild(Map.of())).isFalse();
  }
}
