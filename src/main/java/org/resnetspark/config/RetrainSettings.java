package org.resnetspark.config;

import java.io.Serializable;

/**
 * Scheduled retraining of one pipeline: where its generations and champion live, the source new
 * images land in, the fine-tuning schedule of a generation, and the rule that promotes a new model.
 *
 * @param root the pipeline folder (generations, champion pointer, lock)
 * @param source the image collection that grows (class folders or ImageNet layout)
 * @param epochs epochs a generation trains on old and new data
 * @param learningRate the peak learning rate of fine-tuning
 * @param warmupEpochs linear warmup to the peak, in epochs
 * @param schedule after warmup: cosine (decay to zero) or constant
 * @param metric the holdout metric that decides promotion: top1, top5 (higher wins) or loss
 * @param margin how much the new model must beat the champion by on that metric
 * @param lockTimeoutSeconds a lock whose heartbeat is older than this is stale and taken over
 * @param heartbeatSeconds how often a running retrain refreshes its lock
 */
public record RetrainSettings(
    String root,
    String source,
    int epochs,
    double learningRate,
    double warmupEpochs,
    ScheduleType schedule,
    Metric metric,
    double margin,
    int lockTimeoutSeconds,
    int heartbeatSeconds)
    implements Serializable {}
