package org.resnetspark.config;

import java.io.Serializable;

/** Retention of checkpoints: the newest {@code keepLast}, plus the best by {@code bestMetric}. */
public record CheckpointSettings(int keepLast, Metric bestMetric) implements Serializable {}
