package org.resnetspark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident set, which counts ND4J's and libtorch's native memory as well, and its
 * peak (the kernel's high-water mark, which Linux lets a process reset).
 */
final class ResidentMemory {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ResidentMemory() {}

  /** Resident megabytes, or -1 where the system does not say (no {@code /proc}). */
  static long megabytes() {
    long bytes = bytes();
    return bytes < 0 ? -1 : bytes >> 20;
  }

  /** Resident bytes now, or -1 where the system does not say. */
  static long bytes() {
    return field("VmRSS:");
  }

  /** The most bytes resident at once since the start or the last {@link #resetPeak}, or -1. */
  static long peakBytes() {
    return field("VmHWM:");
  }

  /**
   * Sets the peak to what is resident now ({@code echo 5 > /proc/self/clear_refs}, Linux 4.0 and
   * later); false where the system does not allow it.
   */
  static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
