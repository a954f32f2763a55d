package org.resnetspark.job;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Run ids: the UTC start time (so ids sort by start) and a random suffix (so they never clash). */
public final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private RunIds() {}

  /** A new id such as {@code 20260130-142501-3f9a1c}. */
  public static String next() {
    return STAMP.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }
}
