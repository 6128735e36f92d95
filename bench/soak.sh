#!/usr/bin/env bash
# Soak: the built-in demo under a kubelet-style update every 200 ms for 300 s (by default), with the
# service's threads, open fds, RSS and live descendant processes read from /proc at the start and the end.
# A leak shows as a number that grows with the updates; a stuck watcher as restarts far below updates.
#
# usage: bench/soak.sh [--seconds N] [--interval-ms N] [--jar PATH]
#   defaults: 300 s, 200 ms, target/flush-manager.jar (built when missing). Debounce is 100 ms so that
#   most updates are acted on one by one. Work files under target/soak/. Linux only (/proc).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=300 interval_ms=200 jar=target/flush-manager.jar
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --interval-ms) interval_ms="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || ./mvnw -q -DskipTests package
work="$PWD/target/soak"
rm -rf "$work" && mkdir -p "$work"
port=$(( 20000 + RANDOM % 20000 ))
java -jar "$jar" --spring.profiles.active=demo --flush-manager.demo.dir="$work/demo" \
  --flush-manager.watch.debounce=100ms --server.port="$port" > "$work/service.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -sf "localhost:$port/readyz" > /dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "localhost:$port/readyz" > /dev/null || { echo "service not ready; see $work/service.log" >&2; exit 1; }

descendants() {
  # Every live process below the service (children, grandchildren, re-parented orphans).
  ps -e -o pid=,ppid=,stat= | awk -v root="$1" '
    { ppid[$1] = $2; st[$1] = $3 }
    END { n = 0; for (p in ppid) { if (st[p] ~ /^Z/) continue; q = ppid[p];
            while (q > 1) { if (q == root) { n++; break } q = ppid[q] } } print n }'
}
sample() {
  printf '%-6s threads=%s fds=%s rss_kb=%s descendants=%s restarts=%s\n' "$1" \
    "$(awk '/^Threads:/ {print $2}' /proc/$pid/status)" "$(ls /proc/$pid/fd | wc -l)" \
    "$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status)" "$(descendants $pid)" \
    "$(curl -sf "localhost:$port/api/child" | sed -n 's/.*"restartCount":\([0-9]*\).*/\1/p')"
}

sleep 2
sample start
export FLUSH_MANAGER_DEMO_DIR="$work/demo"
end=$(( $(date +%s) + seconds ))
updates=0
while [ "$(date +%s)" -lt "$end" ]; do
  demo/update-configmap.sh "soak update $updates $(date +%s%N)" > /dev/null
  updates=$(( updates + 1 ))
  sleep "$(awk -v ms="$interval_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
done
# Let the last update settle, then a full GC so that RSS is not just garbage not yet collected.
sleep 2
jcmd "$pid" GC.run > /dev/null 2>&1 || true
sleep 1
sample end
echo "updates=$updates"
curl -sf "localhost:$port/api/watch" | sed -n 's/.*"changeCount":\([0-9]*\).*/changeCount=\1/p'; echo
echo "service log: $work/service.log ($(grep -c 'Child process restarted successfully' "$work/service.log") config restarts)"
