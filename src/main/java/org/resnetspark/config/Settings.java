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
    implements Serializable {

  /** The same settings with other training and data settings (a retrain generation's). */
  public Settings with(TrainSettings newTrain, DataSettings newData) {
    return new Settings(spark, storage, newData, model, newTrain, checkpoint, retrain, demo);
  }
}
