#!/usr/bin/env bash
# A retrain on a Spark standalone cluster (client mode):
#   SPARK_MASTER=spark://master:7077 deploy/standalone/retrain.sh [--force]
set -euo pipefail
deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$deploy/spark-submit.sh" --master "${SPARK_MASTER:?set SPARK_MASTER=spark://host:7077}" \
  --total-executor-cores 4 --executor-cores 1 \
  -- retrain --config "$deploy/../conf/resnet20-fashion.conf" \
  --set storage.work-dir="${RESNET_WORK_DIR:-hdfs://namenode:8020/resnet}" \
  --set retrain.source="${RESNET_SOURCE:-hdfs://namenode:8020/data/images}" \
  --set train.workers=4 "$@"
