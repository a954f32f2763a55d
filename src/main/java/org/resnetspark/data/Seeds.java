package org.resnetspark.data;

/** Derives independent seeds from a base seed and a name, so results do not depend on order. */
final class Seeds {
  private Seeds() {}

  /** SplitMix64's finaliser: a good 64-bit mix of its input. */
  static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long derive(long seed, String name) {
    long h = 1125899906842597L;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + name.charAt(i);
    }
    return mix(seed ^ mix(h));
  }
}
