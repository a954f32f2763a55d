package org.resnetspark.model.layers;

import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link ConvKernel} of the fast layers once per JVM: {@link OneDnnKernel} when the
 * libnd4j that ND4J loaded is its oneDNN build (the build ships it; JavaCPP prefers it when it is
 * on the classpath), otherwise {@link GemmKernel}. The system property {@value #PROPERTY} ({@code
 * onednn} or {@code gemm}) forces one; asking for oneDNN without its build is an error, since the
 * plain build's {@code conv2d} is a slow reference loop.
 */
public final class ConvKernels {

  /** Forces a kernel: {@code onednn} or {@code gemm}; unset or {@code auto} chooses. */
  public static final String PROPERTY = "resnetspark.conv.kernel";

  private static final Logger LOG = LoggerFactory.getLogger(ConvKernels.class);

  private static volatile ConvKernel selected;

  private ConvKernels() {}

  /** The name of the kernel the fast layers use in this JVM: {@code onednn} or {@code gemm}. */
  public static String name() {
    return selected() instanceof OneDnnKernel ? "onednn" : "gemm";
  }

  static ConvKernel selected() {
    ConvKernel kernel = selected;
    if (kernel == null) {
      synchronized (ConvKernels.class) {
        if (selected == null) {
          boolean oneDnn = oneDnnLoaded();
          selected = choose(System.getProperty(PROPERTY, "auto"), oneDnn);
          LOG.info(
              "Fast convolutions run on {} (libnd4j {}the oneDNN build)",
              selected instanceof OneDnnKernel ? "oneDNN" : "im2col + OpenBLAS sgemm",
              oneDnn ? "is " : "is not ");
        }
        kernel = selected;
      }
    }
    return kernel;
  }

  static ConvKernel choose(String wanted, boolean oneDnn) {
    switch (wanted.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
      case "":
        return oneDnn ? new OneDnnKernel() : new GemmKernel();
      case "gemm":
        return new GemmKernel();
      case "onednn":
        if (!oneDnn) {
          throw new IllegalStateException(
              "-D"
                  + PROPERTY
                  + "=onednn, but the loaded libnd4j is not its oneDNN build: put"
                  + " nd4j-native's linux-x86_64-onednn jar on the classpath (the resnet-spark jar"
                  + " has it), or use -D"
                  + PROPERTY
                  + "=gemm");
        }
        return new OneDnnKernel();
      default:
        throw new IllegalArgumentException(
            "Invalid -D" + PROPERTY + ": " + wanted + " (expected auto, onednn or gemm)");
    }
  }

  /** True when the libnd4j in this JVM is the oneDNN build. */
  static boolean oneDnnLoaded() {
    Nd4j.getBackend(); // loads the native library
    return isOneDnnBuild(Loader.getLoadedLibraries());
  }

  static boolean isOneDnnBuild(Map<String, String> loaded) {
    return loaded.values().stream()
        .anyMatch(path -> path != null && path.contains("-onednn") && path.contains("nd4jcpu"));
  }
}
