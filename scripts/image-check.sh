#!/usr/bin/env bash
# Image check without a Docker engine: build the Dockerfile with buildah FROM bases made locally
# (debootstrap + a JRE), run it with podman the way the k8s/ example does (non-root, read-only root,
# /tmp writable, no capabilities) and check what the pod relies on:
#   uid != 0 · PID 1 is tini · readiness 200 · a ConfigMap-style update restarts the child ·
#   SIGTERM (podman stop) stops the child gracefully and the container exits 0 within the grace budget.
#
# usage: sudo scripts/image-check.sh            (Debian/Ubuntu host, root, network to a Debian mirror
#                                                 and to Maven Central for the build stage)
# env:   JDK=temurin (default) the build base holds a local JDK 21+ (TEMURIN_HOME, else the newest
#            /usr/lib/jvm/temurin-*-jdk-*), which the Dockerfile jlinks the runtime from; JDK=debian uses
#            Debian's openjdk-17-jdk-headless + jmods (bookworm has no newer JDK; the image then gets a
#            CDS archive instead of an AOT cache). The runtime base holds no Java either way.
#        IMAGE_CHECK_DIR  work directory (rootfs caches), default /var/tmp/flush-manager-image-check
#        JAR_SOURCE=prebuilt (default here) builds the jar on the host; maven builds it in the image
#        GRACE            seconds podman stop waits before SIGKILL (the pod's terminationGracePeriodSeconds)
#        KEEP=1           leave the container and image behind
#        CHECK_TAG        tag of the image and name of the container (default check)
set -euo pipefail
cd "$(dirname "$0")/.."

WORK="${IMAGE_CHECK_DIR:-/var/tmp/flush-manager-image-check}"
SUITE=bookworm
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
JDK="${JDK:-${JRE:-temurin}}"
GRACE="${GRACE:-$(awk '/terminationGracePeriodSeconds:/ {print $2; exit}' k8s/deployment.yaml)}"
PORT="${PORT:-18080}"
IMAGE=localhost/flush-manager:${CHECK_TAG:-check}
NAME=flush-manager-${CHECK_TAG:-check}
RUNTIME_BASE=localhost/flush-manager-base-runtime:$SUITE-slim

log() { printf '\n== %s\n' "$*"; }
pass=0; failed=0
check() { # check "what" command...
  local what="$1"; shift
  if "$@"; then printf 'PASS  %s\n' "$what"; pass=$((pass + 1)); else printf 'FAIL  %s\n' "$what"; failed=$((failed + 1)); fi
}

[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, buildah and podman need it here)" >&2; exit 2; }
need=()
for tool in buildah podman debootstrap runc curl; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Engine options this sandbox needs (each was the fix for an error seen here; see docs/deploy.md):
# crun refuses hybrid cgroup v1/v2 hosts ("cgroups in hybrid mode not supported"), runc does not; and
# the container's default RLIMIT_NOFILE/NPROC may not be raised here ("error setting rlimit ... operation
# not permitted"), so we ask for limits at or below the host's hard limits.
ENGINE=()
if [ -d /sys/fs/cgroup/unified ] && command -v runc >/dev/null; then ENGINE+=(--runtime runc); fi
ULIMITS=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096)

mkdir -p "$WORK"

log "base root filesystem: debootstrap --variant=minbase $SUITE (+ tini, procps, curl; util-linux is essential)"
if [ ! -e "$WORK/rootfs/.complete" ]; then
  rm -rf "$WORK/rootfs"
  debootstrap --variant=minbase --include=tini,procps,curl,ca-certificates "$SUITE" "$WORK/rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log"; exit 1; }
  rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
  touch "$WORK/rootfs/.complete"
fi

import_rootfs() { # import_rootfs dir image env...
  local dir="$1" image="$2"; shift 2
  local changes=()
  for e in "$@"; do changes+=(--change "ENV $e"); done
  tar --exclude=./.complete -C "$dir" -c . | podman import -q "${changes[@]}" --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
}
PATH_DEFAULT=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# The runtime base: the minbase root filesystem slimmed the way the -slim images are (no documentation,
# man pages, translations, glibc's iconv modules or apt caches), as debian:bookworm-slim stands in for
# it. The Dockerfile slims it further (image/slim-userland.sh: no package manager, perl, admin tools).
log "runtime base $RUNTIME_BASE: minbase + tini, procps, curl, slimmed; no Java (the Dockerfile jlinks it)"
if ! podman image exists "$RUNTIME_BASE"; then
  rm -rf "$WORK/runtime-rootfs"
  cp -a "$WORK/rootfs" "$WORK/runtime-rootfs"
  ( cd "$WORK/runtime-rootfs" && rm -rf usr/share/doc/* usr/share/man/* usr/share/info/* usr/share/locale/* \
      usr/share/lintian usr/lib/x86_64-linux-gnu/gconv usr/lib/aarch64-linux-gnu/gconv \
      var/cache/apt/*.bin var/cache/debconf/*-old var/lib/apt/lists/* var/log/*.log )
  import_rootfs "$WORK/runtime-rootfs" "$RUNTIME_BASE" "PATH=$PATH_DEFAULT"
fi

case "$JDK" in
  temurin)
    if [ -z "${TEMURIN_HOME:-}" ]; then
      TEMURIN_HOME="$(ls -d /usr/lib/jvm/temurin-*-jdk-* 2>/dev/null | sort -V | tail -1 || true)"
    fi
    [ -x "${TEMURIN_HOME:-}/bin/jlink" ] || { echo "JDK=temurin needs a JDK 21+ with jlink in TEMURIN_HOME" >&2; exit 2; }
    feature="$("$TEMURIN_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"
    BUILD_BASE=localhost/flush-manager-base-jdk:$SUITE-temurin$feature
    log "build base $BUILD_BASE: minbase + the JDK in $TEMURIN_HOME"
    if ! podman image exists "$BUILD_BASE"; then
      rm -rf "$WORK/build-rootfs"
      cp -a "$WORK/rootfs" "$WORK/build-rootfs"
      mkdir -p "$WORK/build-rootfs/opt/java"
      cp -a "$TEMURIN_HOME" "$WORK/build-rootfs/opt/java/jdk"
      # A packaged JDK links cacerts to the host's store (which may trust a local interception CA); jlink
      # copies it into the runtime. A store from the root's own ca-certificates (Mozilla's list) instead.
      cacerts="$WORK/build-rootfs/opt/java/jdk/lib/security/cacerts"
      if [ -L "$cacerts" ]; then
        rm -f "$cacerts"
        cat >"$WORK/Cacerts.java" <<'JAVA'
import java.io.*; import java.security.KeyStore; import java.security.cert.*;
public class Cacerts { public static void main(String[] a) throws Exception {
  KeyStore ks = KeyStore.getInstance("PKCS12"); ks.load(null, null); int i = 0;
  try (InputStream in = new FileInputStream(a[0])) {
    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
      ks.setCertificateEntry("ca-" + (i++), c); }
  try (OutputStream out = new FileOutputStream(a[1])) { ks.store(out, "changeit".toCharArray()); }
  System.out.println(i + " CA certificates"); } }
JAVA
        "$TEMURIN_HOME/bin/java" "$WORK/Cacerts.java" "$WORK/build-rootfs/etc/ssl/certs/ca-certificates.crt" "$cacerts"
      fi
      import_rootfs "$WORK/build-rootfs" "$BUILD_BASE" "JAVA_HOME=/opt/java/jdk" "PATH=/opt/java/jdk/bin:$PATH_DEFAULT"
    fi
    ;;
  debian)
    BUILD_BASE=localhost/flush-manager-base-jdk:$SUITE-17
    log "build base $BUILD_BASE: minbase + Debian's openjdk-17-jdk-headless and its jmods"
    if ! podman image exists "$BUILD_BASE"; then
      rm -rf "$WORK/build-rootfs-17"
      debootstrap --variant=minbase --include=openjdk-17-jdk-headless,openjdk-17-jmods,ca-certificates "$SUITE" \
        "$WORK/build-rootfs-17" "$MIRROR" >"$WORK/debootstrap-jdk.log" 2>&1 || { tail -20 "$WORK/debootstrap-jdk.log"; exit 1; }
      rm -rf "$WORK/build-rootfs-17/var/cache/apt/archives/"*.deb "$WORK/build-rootfs-17/var/lib/apt/lists/"*
      import_rootfs "$WORK/build-rootfs-17" "$BUILD_BASE" "PATH=$PATH_DEFAULT"
    fi
    ;;
  *) echo "JDK must be temurin or debian" >&2; exit 2 ;;
esac

# JAR_SOURCE=maven runs the Maven wrapper inside the build stage. Where the network path to Maven
# Central re-signs TLS with a CA only the host trusts (the case on our machines: "PKIX path building
# failed" in the build container), build the jar on the host and copy it in: JAR_SOURCE=prebuilt.
JAR_SOURCE="${JAR_SOURCE:-prebuilt}"
if [ "$JAR_SOURCE" = prebuilt ]; then
  log "jar: ./mvnw -B -q -DskipTests package on the host (JAR_SOURCE=prebuilt)"
  ./mvnw -B -q -DskipTests package
fi
log "buildah build (JAR_SOURCE=$JAR_SOURCE)"
build_start=$(date +%s)
buildah build "${ENGINE[@]}" "${ULIMITS[@]}" --network host --layers \
  --build-arg "BUILD_IMAGE=$BUILD_BASE" --build-arg "RUNTIME_IMAGE=$RUNTIME_BASE" --build-arg "JAR_SOURCE=$JAR_SOURCE" \
  -t "$IMAGE" -f Dockerfile . >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; exit 1; }
echo "built $IMAGE in $(( $(date +%s) - build_start )) s; size $(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
grep -E 'AOTCache|SharedArchiveFile|archive' "$WORK/build.log" | grep -v '^STEP' | tail -3 || true
echo "runtime modules: $(grep -E '^java\.base ' "$WORK/build.log" | tail -1)"
podman history --format '{{.Size}}\t{{.CreatedBy}}' "$IMAGE" | grep -v '^0 B' | cut -c1-100
podman run --rm "${ENGINE[@]}" "${ULIMITS[@]}" --entrypoint cat "$IMAGE" /app/archive.args

# A ConfigMap volume as kubelet lays it out: the visible name is a symlink through ..data.
conf="$WORK/configmap"
write_configmap() { # write_configmap "content"
  local ts; ts="..$(date +%Y_%m_%d_%H_%M_%S.%N)"
  mkdir -p "$conf/$ts"; printf '%s\n' "$1" > "$conf/$ts/exporter.conf"; chmod -R a+rX "$conf"
  ln -sfn "$ts" "$conf/..data_tmp"; mv -T "$conf/..data_tmp" "$conf/..data"
  [ -L "$conf/exporter.conf" ] || ln -s ..data/exporter.conf "$conf/exporter.conf"
  find "$conf" -maxdepth 1 -name '..20*' ! -name "$ts" -exec rm -rf {} +
}
rm -rf "$conf"; mkdir -p "$conf"; chmod 755 "$conf"
write_configmap "GREETING=first"

podman rm -f "$NAME" >/dev/null 2>&1 || true
# The child prints its config's variable, then idles; on SIGTERM it says so and exits 0.
child='. /etc/redis-exporter/exporter.conf; echo "child up: GREETING=$GREETING"; trap "echo child got SIGTERM; exit 0" TERM; while :; do sleep 0.2; done'

log "podman run: read-only root, /tmp tmpfs, --cap-drop ALL, no-new-privileges"
run_start=$(date +%s%N)
podman run -d --name "$NAME" "${ENGINE[@]}" "${ULIMITS[@]}" --network host \
  --read-only --tmpfs /tmp:rw,size=64m --cap-drop ALL --security-opt no-new-privileges \
  -v "$conf:/etc/redis-exporter:ro" \
  "$IMAGE" \
  --port "$PORT" --watch /etc/redis-exporter/exporter.conf \
  --flush-manager.child.name=check-child --flush-manager.child.stop-timeout=10s \
  -- /bin/sh -c "$child" >/dev/null

ready_ms=""
for _ in $(seq 1 600); do
  if curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1; then
    ready_ms=$(( ($(date +%s%N) - run_start) / 1000000 )); break
  fi
  [ "$(podman inspect -f '{{.State.Running}}' "$NAME")" = true ] || break
  sleep 0.05
done

log "checks"
uid="$(podman exec "$NAME" id -u)"
check "runs as uid $uid (not 0)" test "$uid" != 0
pid1="$(podman exec "$NAME" cat /proc/1/cmdline | tr '\0' ' ')"
check "PID 1 is tini: $pid1" grep -q '^tini -e 143 -- flush-manager ' <<<"$pid1"
jvm="$(podman exec "$NAME" sh -c 'cat /proc/$(pgrep -o java)/cmdline' | tr '\0' ' ')"
check "the launcher exec'd java with the image's argfiles: $jvm" grep -q '^java @/app/jvm.args @/app/archive.args -jar /app/flush-manager.jar ' <<<"$jvm"
check "setsid, setpriv, ps and curl present" podman exec "$NAME" sh -c '{ command -v setsid && command -v setpriv && command -v ps && command -v curl; } >/dev/null' 
check "root filesystem is read-only" podman exec "$NAME" sh -c '! touch /app/x 2>/dev/null'
check "readiness 200 after ${ready_ms:-never} ms (podman run -> 200, includes container set-up)" test -n "$ready_ms"
echo "--- readiness:"; curl -s "http://127.0.0.1:$PORT/actuator/health/readiness"; echo
echo "--- process tree:"; podman exec "$NAME" ps -eo pid,ppid,pgid,user,rss,args --forest | cut -c1-150

write_configmap "GREETING=second"
restarted=""
for _ in $(seq 1 300); do
  if podman logs "$NAME" 2>&1 | grep -q 'GREETING=second'; then restarted=yes; break; fi
  sleep 0.1
done
check "ConfigMap-style update (..data swap) restarts the child with the new config" test -n "$restarted"
podman logs "$NAME" 2>&1 | grep -E 'symlink|Watching directory|File change|restarting|Restarting|Stopping child|stopped gracefully|Child process started|child up' | cut -c1-220 | sed 's/^/    /'

log "podman stop -t $GRACE (SIGTERM to PID 1, SIGKILL after $GRACE s)"
stop_start=$(date +%s%N)
podman stop -t "$GRACE" "$NAME" >/dev/null
stop_ms=$(( ($(date +%s%N) - stop_start) / 1000000 ))
exit_code="$(podman inspect -f '{{.State.ExitCode}}' "$NAME")"
logs="$(podman logs "$NAME" 2>&1)"
check "exited with $exit_code (143 from SIGTERM mapped to 0 by tini -e 143)" test "$exit_code" = 0
check "stopped in $stop_ms ms, within the ${GRACE} s budget" test "$stop_ms" -lt $((GRACE * 1000))
check "child got SIGTERM and stopped gracefully" grep -q 'child got SIGTERM' <<<"$logs"
echo "--- last lines:"; tail -8 <<<"$logs" | cut -c1-220 | sed 's/^/    /'

[ "${KEEP:-}" = 1 ] || podman rm -f "$NAME" >/dev/null 2>&1 || true

# The other two modes load code the default mode never does (fabric8 and its TLS and key handling; the AWS
# SDK and zstd's native library), so the runtime's modules and the trimmed jars are checked there too.
# Each runs the image the same way against a stand-in on the host's loopback; SKIP without the tools.
mode_start() { # mode_start name [podman run options...] -- service args...
  local name="$1"; shift
  local opts=(); while [ "$1" != -- ]; do opts+=("$1"); shift; done; shift
  podman rm -f "$name" >/dev/null 2>&1 || true
  podman run -d --name "$name" "${ENGINE[@]}" "${ULIMITS[@]}" --network host \
    --read-only --tmpfs /tmp:rw,size=64m --cap-drop ALL --security-opt no-new-privileges "${opts[@]}" \
    "$IMAGE" --port "$PORT" "$@" >/dev/null
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && return 0
    [ "$(podman inspect -f '{{.State.Running}}' "$name")" = true ] || return 1
    sleep 0.1
  done
  return 1
}
mode_end() { # mode_end name: stop it; its log must name no missing class, module or native library
  podman stop -t "$GRACE" "$1" >/dev/null 2>&1 || true
  check "$1: no missing class, provider or native library in the log" \
    sh -c "! podman logs '$1' 2>&1 | grep -E 'NoClassDefFound|ClassNotFound|UnsatisfiedLink|ProviderNotFound|NoSuchAlgorithm'"
  [ "${KEEP:-}" = 1 ] || podman rm -f "$1" >/dev/null 2>&1 || true
}

log "mode: API source over TLS (EC P-256 server certificate, EC client key in SEC1 PEM, as k3s and kind issue)"
if command -v python3 >/dev/null && command -v openssl >/dev/null; then
  api="$WORK/api"; rm -rf "$api"; mkdir -p "$api"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$api/key.pem" -out "$api/cert.pem" \
    -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
  openssl ec -in "$api/key.pem" -out "$api/client-key.pem" 2>/dev/null   # "BEGIN EC PRIVATE KEY"
  chmod -R a+rX "$api"
  cat >"$api/api.py" <<'PY'
# Stand-in API server over TLS: ConfigMap "app" for gets and lists, watches held open.
import http.server, json, ssl, sys, time
CM = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app", "namespace": "default",
      "resourceVersion": "7", "uid": "u-1"}, "data": {"app.conf": "GREETING=from-the-api"}}
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        if "watch=" in self.path:
            self.send_response(200); self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked"); self.end_headers(); self.wfile.flush()
            time.sleep(60); return
        single = self.path.split("?")[0].endswith("/configmaps/app")
        body = CM if single else {"apiVersion": "v1", "kind": "ConfigMapList", "metadata": {"resourceVersion": "7"},
                                  "items": [CM] if "configmaps" in self.path else []}
        b = json.dumps(body).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
    def log_message(self, *a): pass
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(sys.argv[2], sys.argv[3])
srv = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True); srv.serve_forever()
PY
  api_port=$((PORT + 2))
  python3 "$api/api.py" "$api_port" "$api/cert.pem" "$api/key.pem" & api_pid=$!
  ok=""
  if mode_start "$NAME-api" -v "$api:/api:ro" -e JAVA_OPTS="-Dkubernetes.master=https://127.0.0.1:$api_port \
-Dkubernetes.certs.ca.file=/api/cert.pem -Dkubernetes.certs.client.file=/api/cert.pem \
-Dkubernetes.certs.client.key.file=/api/client-key.pem -Dkubernetes.certs.client.key.algo=EC \
-Dkubernetes.namespace=default -Dkubernetes.auth.tryKubeConfig=false -Dkubernetes.auth.tryServiceAccount=false" -- \
      --spring.main.cloud-platform=kubernetes --flush-manager.source.kubernetes.enabled=true \
      --flush-manager.source.kubernetes.dir=/tmp/api --flush-manager.source.kubernetes.config-maps=app \
      --watch /tmp/api/configmap/app/app.conf -- /bin/sh -c '. /tmp/api/configmap/app/app.conf; echo "child up: GREETING=$GREETING"; exec sleep 600'; then
    for _ in $(seq 1 100); do podman logs "$NAME-api" 2>&1 | grep -q 'GREETING=from-the-api' && { ok=yes; break; }; sleep 0.1; done
  fi
  check "API source: the ConfigMap came over TLS with an EC client key and the child read it" test -n "$ok"
  mode_end "$NAME-api"
  kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true
else
  echo "SKIP  API source mode (needs python3 and openssl)"
fi

log "mode: collection to S3 (s3rver), zstd"
s3rver=scripts/s3rver/node_modules/.bin/s3rver
if [ ! -x "$s3rver" ] && command -v npm >/dev/null; then (cd scripts/s3rver && npm install --no-audit --no-fund >/dev/null 2>&1) || true; fi
if [ -x "$s3rver" ]; then
  col="$WORK/collect"; rm -rf "$col"; mkdir -p "$col/s3" "$col/cores/ns/pod/c"
  s3_port=$((PORT + 3))
  "$s3rver" --directory "$col/s3" --address 127.0.0.1 --port "$s3_port" --silent --configure-bucket cores >/dev/null 2>&1 & s3_pid=$!
  echo "core bytes" >"$col/cores/ns/pod/c/core.1"; chmod -R a+rwX "$col/cores"
  ok=""
  if mode_start "$NAME-collect" -v "$col/cores:/cores" -e AWS_ACCESS_KEY_ID=S3RVER -e AWS_SECRET_ACCESS_KEY=S3RVER -- \
      --flush-manager.collect.dirs=/cores --flush-manager.collect.state-dir=/tmp/state \
      --flush-manager.collect.target=s3://cores/node --flush-manager.collect.endpoint=http://127.0.0.1:$s3_port \
      --flush-manager.collect.path-style=true --flush-manager.collect.settle=1s; then
    for _ in $(seq 1 300); do curl -s "http://127.0.0.1:$PORT/api/collect/files" | grep -q '"DONE"' && { ok=yes; break; }; sleep 0.2; done
  fi
  podman logs "$NAME-collect" 2>&1 | grep -E 'stored as' | cut -c1-200 | sed 's/^/    /'
  check "collection: the core went DONE, stored zstd-compressed in S3" test -n "$ok"
  mode_end "$NAME-collect"
  kill "$s3_pid" 2>/dev/null || true; wait "$s3_pid" 2>/dev/null || true
else
  echo "SKIP  collection mode (needs scripts/s3rver: cd scripts/s3rver && npm install)"
fi

printf '\n%d passed, %d failed\n' "$pass" "$failed"
[ "$failed" = 0 ]
