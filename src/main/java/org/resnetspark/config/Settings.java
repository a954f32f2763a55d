package org.resnetspark.config;

import java.io.Serializable;

/** The whole resolved configuration of a job. Immutable and serializable, so it may travel. */
public record Settings(
    SparkSettings spark,
    StorageSettings storage,
    DataSettings data,
    ModelSettings model,
    TrainSettings train,
    CheckpointSettings checkpoint,
    RetrainSettings retrain,
    DemoSettings demo)
    implements Serializable {}
