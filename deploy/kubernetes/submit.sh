#!/usr/bin/env bash
# train on Kubernetes with plain spark-submit (Spark 3.5 on the machine you submit from):
#   K8S_API=https://kubernetes.example:6443 deploy/kubernetes/submit.sh
# The image holds the jar at /opt/resnet-spark/resnet-spark.jar (see README.md here).
set -euo pipefail
deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${RESNET_IMAGE:-resnet-spark:0.1.0}"
# GPU: add --conf spark.executor.resource.gpu.amount=1, spark.task.resource.gpu.amount=1,
# spark.executor.resource.gpu.vendor=nvidia.com and the discovery script for GPU executors.
RESNET_SHIP_CONF=0 SPARK_SUBMIT="${SPARK_SUBMIT:-spark-submit}" exec "$deploy/spark-submit.sh" \
  --master "k8s://${K8S_API:?set K8S_API=https://host:6443}" \
  --deploy-mode cluster \
  --name resnet20-fashion-train \
  --conf spark.kubernetes.namespace=resnet \
  --conf spark.kubernetes.container.image="$image" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
  --conf spark.executor.instances=4 \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 \
  -- train --config /opt/resnet-spark/conf/resnet20-fashion.conf \
  --set storage.work-dir=hdfs://namenode:8020/resnet \
  --set storage.catalog.uri=jdbc:postgresql://catalog:5432/resnet \
  --set train.workers=4
