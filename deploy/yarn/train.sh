#!/usr/bin/env bash
# ResNet-50 on ImageNet on YARN: 8 executors of one core (one averaging worker each), the driver
# in the cluster. Data, checkpoints and the warehouse on HDFS; results in a PostgreSQL catalog.
# HADOOP_CONF_DIR must point at the cluster's configuration.
set -euo pipefail
deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export RESNET_EXECUTOR_HEAP="${RESNET_EXECUTOR_HEAP:-8g}"
export RESNET_EXECUTOR_OFFHEAP="${RESNET_EXECUTOR_OFFHEAP:-12g}"
exec "$deploy/spark-submit.sh" --master yarn --deploy-mode cluster \
  --num-executors 8 --executor-cores 1 \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 \
  --conf spark.yarn.maxAppAttempts=1 \
  -- train --config resnet50-imagenet.conf \
  --set storage.work-dir=hdfs:///user/resnet \
  --set train.workers=8
