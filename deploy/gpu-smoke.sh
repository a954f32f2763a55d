#!/usr/bin/env bash
# Device smoke test for a GPU node: lists the GPUs, runs the discovery script, then trains a
# ResNet-8 on Fashion-MNIST for one epoch with the CUDA jar on one GPU and prints images/s.
#   deploy/gpu-smoke.sh [spark-submit options, default --master local[1]]
# Needs: the NVIDIA driver and the CUDA 11.6 runtime libraries, spark-submit (Spark 3.5) on the
# PATH or SPARK_SUBMIT, Java 17, and Fashion-MNIST (Debian's dataset-fashion-mnist, or
# RESNET_SPARK_FASHION_MNIST). Builds target/resnet-spark-*-spark-cuda.jar (mvn -Pcuda package)
# if it is missing. Exit 0 when training ran on the GPU.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-smoke: nvidia-smi not found: run this on a node with an NVIDIA GPU and driver" >&2
  exit 1
fi
echo "== GPUs"
nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv
# compute_cap is known to drivers from 510 on; 9.0 and above (Hopper) is not in ND4J's binaries.
if caps=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null); then
  while IFS= read -r cap; do
    if [ "${cap%%.*}" -ge 9 ] 2>/dev/null; then
      echo "gpu-smoke: compute capability $cap: ND4J's CUDA 11.6 binaries carry code for 3.7 to" \
        "8.6 and no PTX; this GPU needs a libnd4j rebuild (README, GPU executors)" >&2
      exit 1
    fi
  done <<<"$caps"
fi
echo "== discovery script"
"$root/deploy/gpu/discover-gpus.sh"

shopt -s nullglob
jars=("$root"/target/resnet-spark-*-spark-cuda.jar)
if [ ${#jars[@]} -eq 0 ]; then
  echo "== building the CUDA jar (mvn -Pcuda package)"
  (cd "$root" && mvn -B -q -Pcuda -DskipTests package) >&2
  jars=("$root"/target/resnet-spark-*-spark-cuda.jar)
fi
jar="${jars[0]}"

submit_args=("$@")
[ ${#submit_args[@]} -eq 0 ] && submit_args=(--master "local[1]")
prop() { sed -n "s/^$1=//p" "$root/conf/jvm.properties"; }
flags="$(prop jvm.opens) $(prop jvm.offheap)"
logging="-Dlog4j2.configurationFile=file:$root/deploy/gpu/log4j2.properties"
work=$(mktemp -d "${TMPDIR:-/tmp}/gpu-smoke.XXXXXX")
log="$work/train.log"

echo "== training one epoch on the GPU (output in $work)"
"${SPARK_SUBMIT:-spark-submit}" \
  --class org.resnetspark.cli.Main \
  --driver-memory 4g \
  --conf "spark.driver.extraJavaOptions=$flags $logging" \
  --conf "spark.executor.extraJavaOptions=$flags $logging" \
  "${submit_args[@]}" \
  "$jar" demo \
  --set model.engine=stock --set train.epochs=1 --set train.workers=1 \
  --set "storage.work-dir=$work" 2>&1 | tee "$log"

if ! grep -q "Loaded \[JCublasBackend\] backend" "$log"; then
  echo "gpu-smoke: ND4J did not load its CUDA backend (see $log)" >&2
  exit 1
fi
rate=$(sed -n 's/.*epoch 1 done in .*, \([0-9.]*\) img\/s$/\1/p' "$log" | tail -1)
if [ -z "$rate" ]; then
  echo "gpu-smoke: training did not finish (see $log)" >&2
  exit 1
fi
echo "gpu-smoke: ResNet-8, 28x28x1, batch 32, one GPU: $rate images/s"
