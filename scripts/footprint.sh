#!/usr/bin/env bash
# Footprint of flush-manager on this host with the image's JVM set-up: start-to-ready time, idle RSS,
# idle CPU (demo profile: a ConfigMap-style directory, 5 s polling, native events, a sample child).
#
# usage: scripts/footprint.sh [options] [-- extra JVM flags...]
#   --java DIR     JDK/JRE home to run (default: the java on PATH)
#   --layout L     fat: java -jar target/flush-manager.jar
#                  extracted: the image's layout (jarmode=tools extract) without an archive
#                  archive (default): extracted + the archive the image builds (AOT cache on JDK 25+, CDS before)
#                  cds: extracted + a dynamic CDS archive whatever the JDK
#   --no-image-flags   leave out image/jvm.args
#   --runs N       runs; medians are reported (default 5)
#   --idle S       seconds of idle CPU sampling in the last run, after 10 s of settling (default 60; 0 = skip)
#   --scrape S     after the idle sampling of the last run, GET /actuator/prometheus once a second for S
#                  seconds (a Prometheus at a short interval) and print the RSS after it (default 0 = skip)
#   --in-cluster   as in a pod: spring-cloud-kubernetes on (spring.main.cloud-platform=kubernetes) against a
#                  stand-in API server on loopback that answers every GET with an empty list
#   --jar FILE     the jar to measure (default target/flush-manager.jar; e.g. an older build to compare)
#   --breakdown    one more run, after the measured ones, without the archive: classes loaded by jar
#                  (-Xlog:class+load) and native memory by category (NMT summary) once idle
#   --image IMG    run the image itself with podman (as root; e.g. localhost/flush-manager:check from
#                  scripts/image-check.sh), as the pod does (read-only root, /tmp tmpfs, no capabilities):
#                  ready is podman run -> readiness 200 (container set-up included) and JVM uptime at
#                  Started; RSS and CPU are the JVM's inside the container. --runs and --idle apply;
#                  extra JVM flags go in as JAVA_OPTS.
# Needs target/flush-manager.jar (./mvnw -q -DskipTests package) and curl. Prints the load average first:
# wall times move with other load on the machine, CPU seconds until ready much less.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=java; LAYOUT=archive; IMAGE_FLAGS=1; RUNS=5; IDLE=60; SCRAPE=0; CLUSTER=0; JAR=target/flush-manager.jar; BREAKDOWN=0; IMAGE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --java) JAVA="$2/bin/java"; shift 2 ;;
    --layout) LAYOUT="$2"; shift 2 ;;
    --no-image-flags) IMAGE_FLAGS=0; shift ;;
    --runs) RUNS="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --scrape) SCRAPE="$2"; shift 2 ;;
    --in-cluster) CLUSTER=1; shift ;;
    --jar) JAR="$2"; shift 2 ;;
    --breakdown) BREAKDOWN=1; shift ;;
    --image) IMAGE="$2"; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
EXTRA=("$@")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

if [ -n "$IMAGE" ]; then
  # The engine options scripts/image-check.sh explains (runc on hybrid cgroups, limits this host allows).
  engine=(); [ -d /sys/fs/cgroup/unified ] && command -v runc >/dev/null && engine+=(--runtime runc)
  engine+=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096)
  name="flush-manager-footprint-$$"
  trap 'podman rm -f "$name" >/dev/null 2>&1 || true' EXIT
  inside() { podman exec "$name" sh -c "$1"; }
  readies=(); uptimes=(); cpus=(); rsss=(); cpu="-"; rss_idle=""
  for run in $(seq 1 "$RUNS"); do
    port=$(( 20000 + RANDOM % 20000 ))
    start_ns=$(date +%s%N)
    podman run -d --name "$name" "${engine[@]}" --network host --read-only --tmpfs /tmp:rw,size=64m \
      --cap-drop ALL --security-opt no-new-privileges -e "JAVA_OPTS=${EXTRA[*]}" "$IMAGE" \
      --spring.profiles.active=demo --flush-manager.demo.dir=/tmp/demo --server.port="$port" >/dev/null
    until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
      [ "$(podman inspect -f '{{.State.Running}}' "$name")" = true ] || { podman logs "$name" | tail -30; exit 1; }
      sleep 0.02
    done
    readies+=($(( ($(date +%s%N) - start_ns) / 1000000 )))
    jpid="$(inside 'pgrep -o java')"
    cpus+=("$(inside "cat /proc/$jpid/stat" | awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}')")
    uptimes+=("$(podman logs "$name" 2>&1 | grep -o 'process running for [0-9.]*' | awk '{print $4 * 1000}')")
    sleep 10
    rsss+=("$(inside "cat /proc/$jpid/status" | awk '/VmRSS/ {printf "%.1f", $2 / 1024}')")
    if [ "$run" = "$RUNS" ] && [ "$IDLE" != 0 ]; then
      t0=$(inside "cat /proc/$jpid/stat" | awk '{print $14 + $15}'); sleep "$IDLE"
      t1=$(inside "cat /proc/$jpid/stat" | awk '{print $14 + $15}')
      cpu=$(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v s="$IDLE" 'BEGIN {printf "%.3f", d / hz / s * 100}')
      rss_idle="$(inside "cat /proc/$jpid/status" | awk '/VmRSS/ {printf "%.1f", $2 / 1024}')"
    fi
    podman rm -f "$name" >/dev/null
  done
  echo "image: $IMAGE ($(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))  java: $(podman run --rm "${engine[@]}" --entrypoint java "$IMAGE" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')"
  echo "ready ms (podman run -> readiness 200): median $(printf '%s\n' "${readies[@]}" | median) of ${readies[*]}"
  echo "JVM uptime at Started (ms): median $(printf '%s\n' "${uptimes[@]}" | median) of ${uptimes[*]}; CPU s until ready: median $(printf '%s\n' "${cpus[@]}" | median)"
  echo "RSS MB after 10 s idle: median $(printf '%s\n' "${rsss[@]}" | median) of ${rsss[*]}"
  echo "idle CPU over ${IDLE} s (% of a core): $cpu; RSS after it ${rss_idle:--} MB   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

work="$(mktemp -d)"
pid=""; api_pid=""
cleanup() {
  for p in $pid $api_pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

flags=()
[ "$IMAGE_FLAGS" = 1 ] && flags+=("@image/jvm.args")
flags+=("${EXTRA[@]}")
base_flags=("${flags[@]}")
# A copy: a build during the measurement cannot change it, and extract names the jar after the file.
mkdir -p "$work/jar"; cp "$JAR" "$work/jar/flush-manager.jar"; JAR="$work/jar/flush-manager.jar"
app=(-jar "$JAR")
if [ "$LAYOUT" != fat ]; then
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$work/app" >/dev/null
  app=(-jar "$work/app/flush-manager.jar")
fi
if [ "$LAYOUT" = archive ] || [ "$LAYOUT" = cds ]; then
  mkdir -p "$work/train/conf"; echo training=1 > "$work/train/conf/exporter.conf"
  train=(-Dspring.context.exit=onRefresh "${app[@]}" --flush-manager.child.command=/bin/true
    --flush-manager.watch.files="$work/train/conf/exporter.conf" --logging.level.root=WARN)
  if [ "$LAYOUT" = archive ] && "$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then
    "$JAVA" "${flags[@]}" -XX:AOTCacheOutput="$work/app.aot" -Xlog:aot=error,cds=error "${train[@]}" >"$work/train.log" 2>&1
    flags+=("-XX:AOTCache=$work/app.aot")
  else
    "$JAVA" "${flags[@]}" -XX:ArchiveClassesAtExit="$work/app.jsa" "${train[@]}" >"$work/train.log" 2>&1
    flags+=("-XX:SharedArchiveFile=$work/app.jsa")
  fi
fi

cluster_args=()
if [ "$CLUSTER" = 1 ]; then
  api_port=$(( 40000 + RANDOM % 10000 ))
  python3 -c '
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}"
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
' "$api_port" &
  api_pid=$!
  flags+=(-Dkubernetes.master="http://127.0.0.1:$api_port" -Dkubernetes.namespace=default
    -Dkubernetes.auth.tryKubeConfig=false -Dkubernetes.auth.tryServiceAccount=false)
  cluster_args=(--spring.main.cloud-platform=kubernetes)
fi

readies=(); rsss=(); uptimes=(); cpus=(); spawns=(); graces=(); cpu="-"; rss_idle=""; rss_scrape=""
for run in $(seq 1 "$RUNS"); do
  port=$(( 20000 + RANDOM % 20000 ))
  rm -rf "$work/demo"
  start_ns=$(date +%s%N)
  "$JAVA" "${flags[@]}" "${app[@]}" --spring.profiles.active=demo --flush-manager.demo.dir="$work/demo" \
    --server.port="$port" "${cluster_args[@]}" >"$work/log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$work/log"; exit 1; }
    sleep 0.02
  done
  ready_ns=$(date +%s%N)
  readies+=($(( (ready_ns - start_ns) / 1000000 )))
  # CPU time spent until ready: unlike wall time, barely affected by other load on the machine.
  cpus+=("$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat")")
  uptimes+=("$(grep -o 'process running for [0-9.]*' "$work/log" | awk '{print $4 * 1000}')")
  # Readiness waits for the child to be RUNNING, i.e. up for child.start-grace after its spawn: split the
  # service's own start (launch -> child spawned) from the grace (spawned -> readiness 200).
  spawned_ns=$(date -d "$(curl -fs "http://127.0.0.1:$port/api/child" | sed -nE 's/.*"startedAt":"([^"]*)".*/\1/p')" +%s%N)
  spawns+=($(( (spawned_ns - start_ns) / 1000000 )))
  graces+=($(( (ready_ns - spawned_ns) / 1000000 )))
  sleep 10 # start-up work (JIT, class loading, the child's first lines) settles before sampling idle
  rsss+=("$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")")
  threads=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
  if [ "$run" = "$RUNS" ] && [ "$IDLE" != 0 ]; then
    ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
    t0=$(ticks); sleep "$IDLE"; t1=$(ticks)
    cpu=$(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v s="$IDLE" 'BEGIN {printf "%.3f", d / hz / s * 100}')
    rss_idle="$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")"
  fi
  if [ "$run" = "$RUNS" ] && [ "$SCRAPE" != 0 ]; then
    for _ in $(seq 1 "$SCRAPE"); do
      curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/prometheus" || true; sleep 1
    done
    rss_scrape="$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done

echo "java: $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')  layout: $LAYOUT  in-cluster: $CLUSTER  flags: ${flags[*]}"
echo "ready ms (launch -> readiness 200): median $(printf '%s\n' "${readies[@]}" | median) of ${readies[*]}"
echo "JVM uptime at Started (ms): median $(printf '%s\n' "${uptimes[@]}" | median); CPU s until ready: median $(printf '%s\n' "${cpus[@]}" | median)"
echo "  of ready: launch -> child spawned ms median $(printf '%s\n' "${spawns[@]}" | median) of ${spawns[*]}; spawned -> readiness 200 (start-grace) median $(printf '%s\n' "${graces[@]}" | median) of ${graces[*]}"
echo "RSS MB after 10 s idle: median $(printf '%s\n' "${rsss[@]}" | median) of ${rsss[*]}; threads $threads"
echo "idle CPU over ${IDLE} s (% of a core): $cpu; RSS after it ${rss_idle:--} MB   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$SCRAPE" = 0 ] || echo "RSS MB after ${SCRAPE} s of /actuator/prometheus once a second: $rss_scrape"

if [ "$BREAKDOWN" = 1 ]; then
  # Same launch without the archive, so that each class names the jar it came from.
  port=$(( 20000 + RANDOM % 20000 ))
  rm -rf "$work/demo"
  "$JAVA" "${base_flags[@]}" -Xlog:class+load:file="$work/classes.log" -XX:NativeMemoryTracking=summary \
    "${app[@]}" --spring.profiles.active=demo --flush-manager.demo.dir="$work/demo" --server.port="$port" \
    "${cluster_args[@]}" >"$work/log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$work/log"; exit 1; }
    sleep 0.05
  done
  sleep 10
  echo "classes loaded (no archive): $(grep -c 'class,load' "$work/classes.log"); by origin, top 20:"
  sed -nE 's/.* source: (.*)$/\1/p' "$work/classes.log" | sed -E 's#^.*/lib/##; s#-[0-9][^/]*\.jar$##;
    s#^jrt:/.*#JDK#; s#^shared objects file.*#JDK#; s#^file:.*/flush-manager\.jar$#flush-manager#;
    s#^__JVM_LookupDefineClass__$#lambdas/hidden#; s#^__dynamic_proxy__$#proxies#; s#^[a-z][a-zA-Z0-9_.$]*$#lambdas/hidden#' \
    | sort | uniq -c | sort -rn | head -20 | awk '{printf "  %6d %s\n", $1, $2}'
  echo "native memory once idle (NMT, committed MB):"
  jcmd_bin="$(dirname "$JAVA")/jcmd"
  "$jcmd_bin" "$pid" VM.native_memory summary scale=KB 2>/dev/null | awk '
    /^Total:/ { match($0, /committed=[0-9]+/); printf "  %-22s %7.1f\n", "Total", substr($0, RSTART+10, RLENGTH-10) / 1024 }
    /^-/ { name=$2; match($0, /committed=[0-9]+/); c=substr($0, RSTART+10, RLENGTH-10) / 1024; if (c >= 0.5) printf "  %-22s %7.1f\n", name, c }'
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
fi
