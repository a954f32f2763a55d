#!/usr/bin/env bash
# shellcheck disable=SC2034  # the variables are for the scripts that source this file
# Shared by start.sh, stop.sh and spark-submit: where the build and the cluster's files are.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export root
cluster_dir="${LOCAL_CLUSTER_DIR:-$root/target/local-cluster}"
master_port="${MASTER_PORT:-7077}"
master_url="spark://127.0.0.1:$master_port"

# target/classes plus the dependencies the build lists; Spark comes from there.
classpath() {
  local list="$root/target/classpath.txt"
  if [ ! -f "$list" ]; then
    echo "error: $list is missing; run 'mvn -B -q -DskipTests package' first" >&2
    exit 2
  fi
  echo "$root/target/classes:$(cat "$list")"
}

jvm_flags() {
  sed -n "s/^jvm.opens=//p" "$root/conf/jvm.properties"
}
