#!/usr/bin/env bash
# ResNet-20 on Fashion-MNIST on a Spark standalone cluster (client mode: the driver runs here).
#   SPARK_MASTER=spark://master:7077 deploy/standalone/train.sh
# With 4 workers of 1 core each, train.workers=4 averages over all of them.
set -euo pipefail
deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$deploy/spark-submit.sh" --master "${SPARK_MASTER:?set SPARK_MASTER=spark://host:7077}" \
  --total-executor-cores 4 --executor-cores 1 \
  -- train --config "$deploy/../conf/resnet20-fashion.conf" \
  --set storage.work-dir="${RESNET_WORK_DIR:-hdfs://namenode:8020/resnet}" \
  --set train.workers=4 "$@"
