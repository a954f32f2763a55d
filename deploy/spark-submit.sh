#!/usr/bin/env bash
# Submits a resnet-spark command to a cluster:
#   deploy/spark-submit.sh --master URL [spark-submit options] -- <command> [command options]
# e.g.
#   deploy/spark-submit.sh --master spark://host:7077 -- \
#     train --config resnet20-fashion.conf --set storage.work-dir=hdfs://nn:8020/resnet
#
# Memory per executor (environment; spark-submit options given after these win):
#   RESNET_EXECUTOR_HEAP     JVM heap, e.g. 4g (--executor-memory)            default 4g
#   RESNET_EXECUTOR_OFFHEAP  ND4J off-heap bound in GB, e.g. 8g                default 6g
#                            -> -Dorg.bytedeco.javacpp.maxbytes=<offheap>
#                               -Dorg.bytedeco.javacpp.maxphysicalbytes=<heap + offheap>
#                               spark.executor.memoryOverhead=<offheap + 1g>
#   RESNET_DRIVER_HEAP       driver heap (--driver-memory)                     default 4g
#   RESNET_SHIP_CONF=0       do not ship conf/ (by default every conf/*.conf and the log4j2
#                            settings go with --files, so --config <file name> works in
#                            --deploy-mode cluster, where the driver runs in the cluster)
#   RESNET_GPU               standalone | yarn | kubernetes: submit the CUDA jar
#                            (target/resnet-spark-*-spark-cuda.jar, built with -Pcuda) with
#                            --properties-file deploy/gpu/<RESNET_GPU>.conf (one GPU per executor)
#   SPARK_SUBMIT             the spark-submit to run (default: spark-submit on PATH;
#                            deploy/local-cluster/spark-submit runs Spark from the Maven build)
# Builds target/resnet-spark-*-spark.jar if needed. The JVM flags come from conf/jvm.properties,
# the same definition the tests and bin/resnet-spark use.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

submit_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  submit_args+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift
if [ $# -eq 0 ]; then
  echo "usage: $0 --master URL [spark-submit options] -- <command> [options]" >&2
  exit 2
fi

gigabytes() {
  case "$1" in
    *[gG]) echo "${1%[gG]}" ;;
    *)
      echo "error: $2 must be a whole number of gigabytes such as 8g (got '$1')" >&2
      exit 2
      ;;
  esac
}
heap="${RESNET_EXECUTOR_HEAP:-4g}"
offheap="${RESNET_EXECUTOR_OFFHEAP:-6g}"
heap_gb=$(gigabytes "$heap" RESNET_EXECUTOR_HEAP)
offheap_gb=$(gigabytes "$offheap" RESNET_EXECUTOR_OFFHEAP)

jar_suffix=spark.jar
build=()
gpu=()
if [ -n "${RESNET_GPU:-}" ]; then
  gpu_conf="$root/deploy/gpu/${RESNET_GPU}.conf"
  case "$RESNET_GPU" in
    standalone | yarn | kubernetes) ;;
    *)
      echo "error: RESNET_GPU must be standalone, yarn or kubernetes (got '$RESNET_GPU')" >&2
      exit 2
      ;;
  esac
  jar_suffix=spark-cuda.jar
  build=(-Pcuda)
  gpu=(--properties-file "$gpu_conf")
fi

shopt -s nullglob
jars=("$root"/target/resnet-spark-*-"$jar_suffix")
if [ ${#jars[@]} -eq 0 ]; then
  (cd "$root" && mvn -B -q "${build[@]}" -DskipTests package) >&2
  jars=("$root"/target/resnet-spark-*-"$jar_suffix")
fi
jar="${jars[0]}"

prop() { sed -n "s/^$1=//p" "$root/conf/jvm.properties"; }
driver_flags="$(prop jvm.opens) $(prop jvm.offheap)"
executor_flags="$(prop jvm.opens) -Dorg.bytedeco.javacpp.maxbytes=${offheap_gb}G"
executor_flags+=" -Dorg.bytedeco.javacpp.maxphysicalbytes=$((heap_gb + offheap_gb))G"

ship=()
if [ "${RESNET_SHIP_CONF:-1}" != "0" ]; then
  files=("$root"/conf/*.conf "$root"/conf/log4j2.properties)
  ship=(--files "$(IFS=,; echo "${files[*]}")")
fi

exec "${SPARK_SUBMIT:-spark-submit}" \
  --class org.resnetspark.cli.Main \
  --driver-memory "${RESNET_DRIVER_HEAP:-4g}" \
  --executor-memory "$heap" \
  --conf "spark.executor.memoryOverhead=$((offheap_gb + 1))g" \
  --conf "spark.driver.extraJavaOptions=$driver_flags" \
  --conf "spark.executor.extraJavaOptions=$executor_flags" \
  --conf "spark.scheduler.minRegisteredResourcesRatio=1.0" \
  "${ship[@]}" \
  "${gpu[@]}" \
  "${submit_args[@]}" \
  "$jar" "$@"
