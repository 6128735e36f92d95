#!/usr/bin/env bash
# Idle CPU, RSS and start-to-ready time of the built jar on the demo (5 s polling), read from /proc.
#
# usage: bench/idle-footprint.sh [seconds] [extra JVM flags...]
#   e.g. bench/idle-footprint.sh 60 -XX:+UseSerialGC -Xss256k
# Needs target/flush-manager.jar (./mvnw -q -DskipTests package) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"; shift || true
work="$(mktemp -d)"; trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
start_ns=$(date +%s%N)
java "$@" -jar target/flush-manager.jar --spring.profiles.active=demo --flush-manager.demo.dir="$work/demo" \
  --server.port="$port" > "$work/log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
started=$(grep -o 'Started FlushManagerApplication in [0-9.]* seconds (process running for [0-9.]*)' "$work/log" || true)
sleep 10 # let start-up work (JIT, class loading) settle before sampling idle
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); sleep "$secs"; t1=$(ticks)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
threads=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
awk -v d=$((t1 - t0)) -v hz="$hz" -v s="$secs" -v rss="$rss_kb" -v r="$ready_ms" -v th="$threads" -v st="$started" 'BEGIN {
  printf "flags: %s\n", ENVIRON["FLAGS"]
  printf "ready (launch -> readiness 200): %d ms  [%s]\n", r, st
  printf "idle CPU over %d s: %.3f %% of a core (%d ticks)\n", s, d / hz / s * 100, d
  printf "RSS: %.1f MB, threads: %d\n", rss / 1024, th
}' FLAGS="${*:-(defaults)}"
