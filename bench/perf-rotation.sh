#!/bin/bash
# Counts the instructions of the thread doing the work in each timed run of RotationBenchmark
# (the caller for bare ReEncrypt, coffer-jobs for the job) with perf stat: unlike time and CPU
# time, instruction counts barely move when other processes share the cores.
#
#   bench/perf-rotation.sh CLASSPATH [direct] [keyed]
#
# Needs perf with hardware counters (perf_event_paranoid <= 2 for one's own threads).
set -euo pipefail
cp=$1
shift
out=$(mktemp -d)
java -Dperf.pause=1500 -cp "$cp" dev.coffer.bench.RotationBenchmark "$@" >"$out/log" 2>&1 &
java_pid=$!
seen=0
run=0
perf_pid=
while kill -0 "$java_pid" 2>/dev/null || [ "$(wc -l <"$out/log")" -gt "$seen" ]; do
  total=$(wc -l <"$out/log")
  while [ "$seen" -lt "$total" ]; do
    seen=$((seen + 1))
    line=$(sed -n "${seen}p" "$out/log")
    case $line in
      PERF-ATTACH*)
        run=$((run + 1))
        perf stat -e instructions,task-clock -t "${line#PERF-ATTACH }" -o "$out/perf.$run" &
        perf_pid=$!
        ;;
      PERF-DETACH)
        kill -INT "$perf_pid"
        wait "$perf_pid" || true
        echo "  perf, run $run: $(awk '/instructions/ {i=$1} /task-clock/ {t=$1} END {print i " instructions (user space), " t " ms task-clock"}' "$out/perf.$run")"
        ;;
      *) echo "$line" ;;
    esac
  done
  sleep 0.05
done
wait "$java_pid"
rm -rf "$out"
