#!/usr/bin/env bash
# Stops the master and workers start.sh started, by the process ids it recorded; a process still
# there after 30 s is killed.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pids=()
for pidfile in "$cluster_dir"/*.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null && pids+=("$pid")
  rm -f "$pidfile"
done
for _ in $(seq 1 30); do
  alive=()
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
  [ ${#alive[@]} -eq 0 ] && exit 0
  pids=("${alive[@]}")
  sleep 1
done
kill -9 "${pids[@]}" 2>/dev/null || true
