#!/usr/bin/env bash
# Starts a standalone master and workers on 127.0.0.1 from the Maven build: start.sh [WORKERS]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
workers="${1:-2}"
mkdir -p "$cluster_dir"
cp="$(classpath)"
read -r -a flags <<<"$(jvm_flags)"
# Spark's launcher looks for jars under SPARK_HOME unless testing; the executors' classpath comes
# from spark.executor.extraClassPath instead.
export SPARK_HOME="$cluster_dir/spark-home" SPARK_TESTING=1 SPARK_SCALA_VERSION=2.12
mkdir -p "$SPARK_HOME"

start() {
  local name="$1"
  shift
  java -Xmx512m "${flags[@]}" -Dspark.testing=true -Dspark.test.home="$SPARK_HOME" \
    -cp "$cp" "$@" >"$cluster_dir/$name.log" 2>&1 &
  echo $! >"$cluster_dir/$name.pid"
}

start master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$master_port" \
  --webui-port "${MASTER_WEBUI_PORT:-8080}"
for i in $(seq 1 "$workers"); do
  mkdir -p "$cluster_dir/worker-$i"
  start "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory "${WORKER_MEMORY:-2g}" --work-dir "$cluster_dir/worker-$i" --webui-port 0 \
    "$master_url"
done

for _ in $(seq 1 120); do
  registered=$(grep -c "Registering worker" "$cluster_dir/master.log" 2>/dev/null || true)
  if [ "${registered:-0}" -ge "$workers" ]; then
    echo "$master_url: master and $workers workers up (logs in $cluster_dir)"
    exit 0
  fi
  sleep 1
done
echo "error: the workers did not register within 120 s; see $cluster_dir/*.log" >&2
exit 1
