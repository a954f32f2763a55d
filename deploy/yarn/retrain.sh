#!/usr/bin/env bash
# A scheduled retrain on YARN (see deploy/schedule/ for cron, systemd and Airflow). Exit codes:
# 0 done (or nothing new), 2 another retrain of the pipeline is running or bad configuration,
# 1 job failure.
set -euo pipefail
deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$deploy/spark-submit.sh" --master yarn --deploy-mode cluster \
  --num-executors 4 --executor-cores 1 \
  --conf spark.yarn.maxAppAttempts=1 \
  -- retrain --config "${RESNET_RETRAIN_CONFIG:-resnet20-fashion.conf}" \
  --set storage.work-dir=hdfs:///user/resnet \
  --set retrain.source=hdfs:///data/images \
  --set train.workers=4 "$@"
