#!/usr/bin/env bash
# Submits a resnet-spark command to a cluster:
#   deploy/spark-submit.sh --master yarn [spark-submit options] -- <command> [command options]
# e.g.
#   deploy/spark-submit.sh --master spark://host:7077 --executor-memory 8g -- \
#     train --config conf/resnet20-fashion.conf --set storage.work-dir=hdfs://nn:8020/resnet
# Builds target/resnet-spark-*-spark.jar if needed. The driver and executor JVM flags come from
# conf/jvm.properties, the same definition the tests and bin/resnet-spark use.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

submit_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do submit_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
if [ $# -eq 0 ]; then
  echo "usage: $0 --master URL [spark-submit options] -- <command> [options]" >&2
  exit 2
fi

jar=$(ls "$root"/target/resnet-spark-*-spark.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests package) >&2
  jar=$(ls "$root"/target/resnet-spark-*-spark.jar | head -1)
fi

prop() { sed -n "s/^$1=//p" "$root/conf/jvm.properties"; }
flags="$(prop jvm.opens) $(prop jvm.offheap)"

exec "${SPARK_SUBMIT:-spark-submit}" \
  --class org.resnetspark.cli.Main \
  --conf "spark.driver.extraJavaOptions=$flags" \
  --conf "spark.executor.extraJavaOptions=$flags" \
  --conf "spark.scheduler.minRegisteredResourcesRatio=1.0" \
  "${submit_args[@]}" \
  "$jar" "$@"
