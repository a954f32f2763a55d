package org.resnetspark.train.gpu;

/** Which ND4J backend this build carries: the CPU one (default) or CUDA ({@code mvn -Pcuda}). */
public enum Backend {
  CPU,
  CUDA;

  private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

  /** Looks for the CUDA backend's class without loading ND4J or any native library. */
  public static Backend onClasspath() {
    try {
      Class.forName(CUDA_BACKEND, false, Backend.class.getClassLoader());
      return CUDA;
    } catch (ClassNotFoundException e) {
      return CPU;
    }
  }
}
