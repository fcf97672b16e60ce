#!/usr/bin/env bash
# Wall and CPU time of short `coffer` commands with the launcher's start-up cache on and off,
# alternating, each a fresh JVM: bench/cli-startup.sh [rounds]   (default 5)
# Uses ./coffer from this checkout (built first if needed) on a throwaway data directory.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
coffer() { "$repo/coffer" --data "$data/d" "$@"; }
unset COFFER_PASSPHRASE COFFER_SERVER
coffer init >/dev/null
coffer bucket create startup-bench >/dev/null
echo hello >"$data/f"
coffer put startup-bench/f "$data/f" >/dev/null

echo "java: $(java -version 2>&1 | head -1)"
printf '%-28s %-5s %s\n' command cache "wall s / user s / sys s per round"
for command in "--version" "ls startup-bench" "get startup-bench/f -" "key list"; do
  for cache in on off; do
    times=()
    for _ in $(seq "$rounds"); do
      # shellcheck disable=SC2086
      COFFER_STARTUP_CACHE=$cache /usr/bin/time -o "$data/time" -f '%e/%U/%S' "$repo/coffer" \
        --data "$data/d" $command >/dev/null 2>&1
      times+=("$(cat "$data/time")")
    done
    printf '%-28s %-5s %s\n' "$command" "$cache" "${times[*]}"
  done
done
