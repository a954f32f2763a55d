#!/usr/bin/env bash
# Spark's GPU discovery script (spark.worker.resource.gpu.discoveryScript on standalone workers,
# spark.executor.resource.gpu.discoveryScript on YARN and Kubernetes executors). Prints the GPUs
# nvidia-smi sees, by index, as Spark's resource JSON:
#   {"name":"gpu","addresses":["0","1"]}
# Executors number CUDA devices the same way when CUDA_DEVICE_ORDER=PCI_BUS_ID, which resnet-spark
# sets for them.
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "discover-gpus.sh: nvidia-smi not found on $(hostname): install the NVIDIA driver on this" \
    "node, or do not request spark.*.resource.gpu.* here" >&2
  exit 1
fi
if ! indices=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>&1); then
  echo "discover-gpus.sh: nvidia-smi failed on $(hostname): $indices" >&2
  exit 1
fi

addresses=()
while IFS= read -r line; do
  index="${line//[[:space:]]/}"
  [ -z "$index" ] && continue
  if ! [[ "$index" =~ ^[0-9]+$ ]]; then
    echo "discover-gpus.sh: unexpected nvidia-smi output on $(hostname): $line" >&2
    exit 1
  fi
  addresses+=("\"$index\"")
done <<<"$indices"

if [ ${#addresses[@]} -eq 0 ]; then
  echo "discover-gpus.sh: nvidia-smi lists no GPUs on $(hostname)" >&2
  exit 1
fi
(IFS=,; echo "{\"name\":\"gpu\",\"addresses\":[${addresses[*]}]}")
