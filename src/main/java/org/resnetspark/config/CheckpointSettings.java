package org.resnetspark.config;

import java.io.Serializable;

/**
 * Checkpoints: one at the end of every epoch, and one after every {@code everyRounds} averaging
 * rounds inside an epoch (0: none). Retention keeps the newest {@code keepLast} epoch checkpoints
 * plus the best by {@code bestMetric}, and the newest {@code keepLastRounds} round checkpoints.
 */
public record CheckpointSettings(
    int keepLast, Metric bestMetric, int everyRounds, int keepLastRounds) implements Serializable {}
