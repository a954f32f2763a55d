package org.resnetspark.config;

import java.io.Serializable;

/**
 * Synchronous parameter-averaging training: batch, averaging, optimiser and schedule; {@code
 * collectStats} asks DL4J for its timings of fit, broadcast and averaging; {@code onDivergence}
 * says what happens when the loss becomes NaN or infinite.
 */
public record TrainSettings(
    int epochs,
    int batchSizePerWorker,
    int averagingFrequency,
    int workers,
    Augmentation augmentation,
    double learningRate,
    double momentum,
    double weightDecay,
    ScheduleSettings schedule,
    long seed,
    boolean collectStats,
    DivergenceSettings onDivergence)
    implements Serializable {}
