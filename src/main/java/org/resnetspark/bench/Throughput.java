package org.resnetspark.bench;

/** Median images per second of a training step (forward, backward, update) and of inference. */
public record Throughput(double trainImagesPerSec, double inferImagesPerSec) {}
