#!/usr/bin/env bash
# The floor of the service's stack: what minimal Spring Boot apps with this project's parent, Boot version
# and BOMs cost with the image's launch, layer by layer, beside the service itself. Each app is one main
# class that starts one child (`sleep 100000`) and serves one readiness URL; measured exactly as
# scripts/footprint.sh measures the service (JDK 25, `-Djarmode=tools extract`, @image/jvm.args, an AOT
# cache from a training run with -Dspring.context.exit=onRefresh, medians of N runs, ready = launch ->
# readiness 200, JVM uptime at Started, CPU s until ready, RSS and threads after 10 s idle, classes loaded).
#
#   F1   spring-boot-starter-webmvc; GET /ready
#   F2   F1 + spring-boot-starter-actuator + micrometer-registry-prometheus; /actuator/health/readiness
#        (probes enabled, prometheus exposed)
#   F3   F2 + spring-cloud-starter-kubernetes-fabric8-config, spring.config.import=optional:kubernetes:,
#        out of a cluster (as the demo runs)
#   F3t  F3 + the service's footprint settings that need no code of its own: Tomcat min-spare 2, no
#        form-content filter, no Jackson 2 actuator mapper, no Boot warm-up thread, the YAML converter slot
#        filled (web.NoYamlConverter), no discovery health
#   F4   F3t + JNA loaded (prctl(PR_SET_CHILD_SUBREAPER) as child.Posix does), the child's output read by a
#        thread, a WatchService thread and a 5 s hashing poll of one file (the app's typical extra)
#   service  target/flush-manager.jar in the demo profile, the way scripts/footprint.sh runs it
#
# usage: scripts/floor.sh [--java DIR] [--runs N] [--variants "F1 F2 F3 F3t F4 service"] [--breakdown "F3 service"]
#                         [-- extra JVM flags, after image/jvm.args, for the training run too]
#   --java DIR        JDK home, 25 or newer as in the image (default: $JAVA_HOME, else the java on PATH)
#   --runs N          measured runs per variant, medians reported (default 3)
#   --variants LIST   what to measure, in this order (default all six)
#   --breakdown LIST  one more run of each (same launch plus -XX:NativeMemoryTracking=detail): NMT committed
#                     by category, and resident memory (smaps Rss) by owner: file mappings by name, anonymous
#                     ones by the NMT region that holds them, the rest is malloc (default "F3 service")
#   --no-build        reuse target/floor/*/target/floor.jar
# Builds the apps into target/floor/ offline (./mvnw -o); needs target/flush-manager.jar for the service
# (./mvnw -q -DskipTests package), curl and python3. Prints the load average before and after: wall times
# move with other load on the machine, CPU seconds and RSS much less. About 1.5 min per variant with 3 runs.
set -euo pipefail
cd "$(dirname "$0")/.."

JDK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"; RUNS=3; VARIANTS="F1 F2 F3 F3t F4 service"; BREAKDOWN="F3 service"; BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --java) JDK="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --variants) VARIANTS="$2"; shift 2 ;;
    --breakdown) BREAKDOWN="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --) shift; break ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
EXTRA=("$@")
JAVA="$JDK/bin/java"
"$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput ' \
  || { echo "$JAVA has no AOT cache (JDK 25+ needed, as in the image): pass --java <JDK 25 home>" >&2; exit 2; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

floor=target/floor
apps=(F1 F2 F3 F3t F4)

# ---------------------------------------------------------------------------------------------------------
# The apps. Parent, properties and BOM imports are copied from pom.xml so that they follow the service.
block() { awk -v tag="$1" '$0 ~ "<" tag ">" {p=1} p {print} $0 ~ "</" tag ">" {exit}' pom.xml; }
jna_version="$(awk '/<artifactId>jna<\/artifactId>/ {p=1} p && /<version>/ {gsub(/.*<version>|<\/version>.*/, ""); print; exit}' pom.xml)"

dep() { printf '    <dependency><groupId>%s</groupId><artifactId>%s</artifactId>%s</dependency>\n' "$1" "$2" "${3:+<version>$3</version>}"; }
deps_for() {
  dep org.springframework.boot spring-boot-starter-webmvc
  case "$1" in F1) return ;; esac
  dep org.springframework.boot spring-boot-starter-actuator
  dep io.micrometer micrometer-registry-prometheus
  case "$1" in F2) return ;; esac
  dep org.springframework.cloud spring-cloud-starter-kubernetes-fabric8-config
  case "$1" in F3|F3t) return ;; esac
  dep net.java.dev.jna jna "$jna_version"
}

props_for() {
  echo "spring.application.name=floor"
  case "$1" in F1) return ;; esac
  echo "management.endpoint.health.probes.enabled=true"
  echo "management.endpoints.web.exposure.include=health,prometheus"
  case "$1" in F2) return ;; esac
  echo "spring.config.import=optional:kubernetes:"
  echo "spring.cloud.kubernetes.client.request-timeout=2s"
  case "$1" in F3) return ;; esac
  echo "spring.main.banner-mode=off"
  echo "server.tomcat.threads.min-spare=2"
  echo "spring.mvc.formcontent.filter.enabled=false"
  echo "management.endpoints.jackson2.isolated-object-mapper=false"
  echo "spring.cloud.discovery.client.composite-indicator.enabled=false"
  echo "spring.cloud.discovery.client.health-indicator.enabled=false"
  case "$1" in F3t) return ;; esac
  echo "floor.extras=true"
}

write_app() {
  local v="$1" d="$floor/$1" pkg="$floor/$1/src/main/java/floor"
  mkdir -p "$pkg" "$d/src/main/resources"
  rm -f "$pkg"/*.java
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0">'
    echo '  <modelVersion>4.0.0</modelVersion>'
    block parent
    echo "  <groupId>floor</groupId><artifactId>floor-$v</artifactId><version>0</version>"
    block properties
    block dependencyManagement
    echo '  <dependencies>'
    deps_for "$v"
    echo '  </dependencies>'
    echo '  <build><finalName>floor</finalName><plugins><plugin><groupId>org.springframework.boot</groupId>'
    echo '    <artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>'
    echo '</project>'
  } >"$d/pom.xml"
  props_for "$v" >"$d/src/main/resources/application.properties"
  local warmup=""
  case "$v" in F3t|F4) warmup='System.setProperty("spring.backgroundpreinitializer.ignore", "true");' ;; esac
  cat >"$pkg/FloorApp.java" <<EOF
package floor;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
public class FloorApp {

	public static void main(String[] args) {
		$warmup
		SpringApplication.run(FloorApp.class, args);
	}

	@RestController
	static class Ready {

		@GetMapping("/ready")
		String ready() {
			return "ok";
		}

	}

	@Component
	static class Child implements SmartLifecycle {

		private final boolean readOutput;

		private volatile Process process;

		Child(Environment environment) {
			this.readOutput = environment.getProperty("floor.extras", Boolean.class, false);
		}

		@Override
		public void start() {
			try {
				ProcessBuilder builder = new ProcessBuilder("sleep", "100000").redirectErrorStream(true);
				if (!this.readOutput) {
					builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
				}
				this.process = builder.start();
				if (this.readOutput) {
					Process started = this.process;
					Thread reader = new Thread(() -> {
						try (BufferedReader in = new BufferedReader(new InputStreamReader(started.getInputStream()))) {
							for (String line; (line = in.readLine()) != null;) {
								LogFactory.getLog("child").info(line);
							}
						}
						catch (Exception ex) {
							// the child went
						}
					}, "child-output");
					reader.setDaemon(true);
					reader.start();
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void stop() {
			Process running = this.process;
			if (running != null) {
				running.destroy();
			}
			this.process = null;
		}

		@Override
		public boolean isRunning() {
			return this.process != null;
		}

	}

}
EOF
  # The service's own web.NoYamlConverter, in the app's package: the YAML slot filled so that no
  # Jackson 2 YAML mapper is built.
  case "$v" in F3t|F4) sed 's/^package io\.flushmanager\.web;/package floor;/' \
      src/main/java/io/flushmanager/web/NoYamlConverter.java >"$pkg/NoYamlConverter.java"
  ;; esac
  [ "$v" = F4 ] && cat >"$pkg/Extras.java" <<'EOF'
package floor;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

// What the service adds around the stack in every mode: libc through JNA, native file events on a
// directory and a polling thread that hashes what it watches.
@Component
@ConditionalOnProperty("floor.extras")
class Extras implements SmartLifecycle {

	interface LibC extends Library {

		int prctl(int option, long arg2, long arg3, long arg4, long arg5);

	}

	private volatile WatchService watcher;

	private volatile ScheduledExecutorService poller;

	@Override
	public void start() {
		try {
			LibC libc = Native.load("c", LibC.class);
			libc.prctl(36, 1, 0, 0, 0);
			Path dir = Files.createTempDirectory("floor");
			Path file = Files.writeString(dir.resolve("app.conf"), "key=value\n");
			this.watcher = FileSystems.getDefault().newWatchService();
			dir.register(this.watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
					StandardWatchEventKinds.ENTRY_DELETE);
			WatchService service = this.watcher;
			Thread events = new Thread(() -> {
				try {
					while (true) {
						service.take().pollEvents();
					}
				}
				catch (Exception ex) {
					// closed
				}
			}, "watch-events");
			events.setDaemon(true);
			events.start();
			this.poller = Executors.newSingleThreadScheduledExecutor();
			this.poller.scheduleWithFixedDelay(() -> {
				try {
					byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
					LogFactory.getLog(Extras.class).trace(HexFormat.of().formatHex(hash));
				}
				catch (Exception ex) {
					LogFactory.getLog(Extras.class).warn(ex.toString());
				}
			}, 0, 5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void stop() {
		try {
			this.poller.shutdownNow();
			this.watcher.close();
		}
		catch (Exception ex) {
			// stopping anyway
		}
		this.poller = null;
	}

	@Override
	public boolean isRunning() {
		return this.poller != null;
	}

}
EOF
  return 0
}

want_apps=()
for v in $VARIANTS; do [ "$v" != service ] && want_apps+=("$v"); done
if [ "${#want_apps[@]}" -gt 0 ] && [ "$BUILD" = 1 ]; then
  mkdir -p "$floor"
  for v in "${want_apps[@]}"; do write_app "$v"; done
  {
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo '  <groupId>floor</groupId><artifactId>floor</artifactId><version>0</version><packaging>pom</packaging>'
    echo "  <modules>$(printf '<module>%s</module>' "${want_apps[@]}")</modules>"
    echo '</project>'
  } >"$floor/pom.xml"
  echo "building ${want_apps[*]} into $floor/ (./mvnw -o)"
  ./mvnw -q -o -f "$floor/pom.xml" -DskipTests package >"$floor/build.log" 2>&1 || { tail -40 "$floor/build.log"; exit 1; }
fi

# ---------------------------------------------------------------------------------------------------------
# The measurement: scripts/footprint.sh's archive layout and loop, for any jar and readiness URL.
work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

# launch V W PORT EXTRA_FLAGS...: starts variant V (its files in W) on PORT in the background, pid in $pid
launch() {
  local v="$1" w="$2" port="$3"; shift 3
  if [ "$v" = service ]; then
    rm -rf "$w/demo"
    "$JAVA" "${flags[@]}" "$@" -jar "$w/app/app.jar" --spring.profiles.active=demo --flush-manager.demo.dir="$w/demo" \
      --server.port="$port" >"$w/log" 2>&1 &
  else
    "$JAVA" "${flags[@]}" "$@" -jar "$w/app/app.jar" --server.port="$port" >"$w/log" 2>&1 &
  fi
  pid=$!
}
await_ready() {
  until curl -fs "http://127.0.0.1:$1$2" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$3/log"; exit 1; }
    sleep 0.02
  done
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

rows=()
for v in $VARIANTS; do
  w="$work/$v"; mkdir -p "$w/jar"
  if [ "$v" = service ]; then jar=target/flush-manager.jar; path=/actuator/health/readiness
  else jar="$floor/$v/target/floor.jar"; path=/actuator/health/readiness; [ "$v" = F1 ] && path=/ready; fi
  [ -f "$jar" ] || { echo "missing $jar" >&2; exit 1; }
  # A copy, extracted as the image does; the AOT cache from a training run that stops after refresh.
  cp "$jar" "$w/jar/app.jar"
  "$JAVA" -Djarmode=tools -jar "$w/jar/app.jar" extract --destination "$w/app" >/dev/null
  # JNA's native library unpacked beside it, as the image does (image/jvm.args points at /app/native,
  # which does not exist on a host: without this JNA would not load and the service would fall back).
  mkdir -p "$w/native"
  if jna_jar="$(ls "$w"/app/lib/jna-[0-9]*.jar 2>/dev/null)"; then
    (cd "$w/native" && "$JDK/bin/jar" xf "$jna_jar" com/sun/jna/linux-x86-64/libjnidispatch.so \
      && mv com/sun/jna/linux-x86-64/libjnidispatch.so . && rm -r com)
  fi
  flags=(@image/jvm.args "-Djna.boot.library.path=$w/native" "${EXTRA[@]}")
  if [ "$v" = service ]; then
    mkdir -p "$w/train/conf"; echo training=1 >"$w/train/conf/exporter.conf"
    train=(--flush-manager.child.command=/bin/true --flush-manager.watch.files="$w/train/conf/exporter.conf")
  else
    train=(--server.port=0)
  fi
  "$JAVA" "${flags[@]}" -XX:AOTCacheOutput="$w/app.aot" -Xlog:aot=error,cds=error -Dspring.context.exit=onRefresh \
    -jar "$w/app/app.jar" "${train[@]}" --logging.level.root=WARN >"$w/train.log" 2>&1
  flags+=("-XX:AOTCache=$w/app.aot")

  readies=(); uptimes=(); cpus=(); rsss=(); threads=(); classes=()
  for run in $(seq 1 "$RUNS"); do
    port=$(( 20000 + RANDOM % 20000 ))
    start_ns=$(date +%s%N)
    launch "$v" "$w" "$port"
    await_ready "$port" "$path" "$w"
    readies+=($(( ($(date +%s%N) - start_ns) / 1000000 )))
    cpus+=("$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat")")
    uptimes+=("$(grep -o 'process running for [0-9.]*' "$w/log" | awk '{print $4 * 1000}')")
    sleep 10
    rsss+=("$(rss_mb "$pid")")
    threads+=("$(awk '/Threads/ {print $2}' "/proc/$pid/status")")
    # After RSS and threads: the attach adds a thread and some memory.
    classes+=("$("$JDK/bin/jcmd" "$pid" VM.classes 2>/dev/null | grep -c '^0x' || true)")
    stop
  done
  row="$(printf '%-8s %8s %10s %6s %7s %7s %7s' "$v" "$(printf '%s\n' "${readies[@]}" | median)" \
    "$(printf '%s\n' "${uptimes[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
    "$(printf '%s\n' "${rsss[@]}" | median)" "$(printf '%s\n' "${threads[@]}" | median)" \
    "$(printf '%s\n' "${classes[@]}" | median)")"
  rows+=("$row")
  echo "$row    (ready ${readies[*]}; RSS ${rsss[*]}; load $(cut -d' ' -f1-3 /proc/loadavg))"
  if grep -qi 'WARN.*\(jna\|native\|posix\)' "$w/log"; then echo "  note: $(grep -i 'WARN.*\(jna\|native\|posix\)' "$w/log" | head -1 | cut -c1-200)"; fi
  rm -rf "$w/demo"

  case " $BREAKDOWN " in *" $v "*)
    port=$(( 20000 + RANDOM % 20000 ))
    launch "$v" "$w" "$port" -XX:NativeMemoryTracking=detail
    await_ready "$port" "$path" "$w"
    sleep 10
    echo "  breakdown of $v (same launch + NMT detail, after 10 s idle): RSS $(rss_mb "$pid") MB"
    cp "/proc/$pid/smaps" "$w/smaps"
    # The malloc arenas' free memory that glibc keeps resident (what -XX:TrimNativeHeapInterval would
    # return), before the NMT report, whose own allocations would count.
    before="$(rss_mb "$pid")"
    "$JDK/bin/jcmd" "$pid" System.trim_native_heap >/dev/null 2>&1 || true
    echo "  RSS before / after jcmd System.trim_native_heap: $before / $(rss_mb "$pid") MB"
    "$JDK/bin/jcmd" "$pid" VM.native_memory detail scale=KB >"$w/nmt.txt" 2>&1 || true
    # The heap's live data: what the committed (and resident) heap holds beyond it is garbage not yet
    # collected in the old generation.
    "$JDK/bin/jcmd" "$pid" GC.run >/dev/null 2>&1 || true
    echo "  heap after a full GC (jcmd GC.heap_info): $("$JDK/bin/jcmd" "$pid" GC.heap_info 2>/dev/null \
      | awk '/^ *(DefNew|Tenured) +total/ {for (i = 1; i < NF; i++) if ($i == "used") {gsub(/[^0-9]/, "", $(i+1)); u += $(i+1)} else if ($i == "total") {gsub(/[^0-9]/, "", $(i+1)); t += $(i+1)}}
        END {printf "%.1f MB used of %.1f MB committed", u / 1024, t / 1024}'); RSS after it $(rss_mb "$pid") MB"
    stop
    mkdir -p "$floor"; cp "$w/nmt.txt" "$floor/nmt-$v.txt"; cp "$w/smaps" "$floor/smaps-$v.txt"
    python3 - "$w/nmt.txt" "$w/smaps" <<'PY'
import re, sys, os, collections
nmt, smaps = open(sys.argv[1]).read(), open(sys.argv[2]).read().splitlines()
committed = {}
for m in re.finditer(r'^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB[,)]', nmt, re.M):
    committed[m.group(1).strip()] = int(m.group(2))
regions = [(int(a, 16), int(b, 16), c.strip()) for a, b, c in
           re.findall(r'^\[(0x[0-9a-f]+) - (0x[0-9a-f]+)\] reserved \d+KB for (.+?) from', nmt, re.M)]
def owner(start):
    for a, b, c in regions:
        if a <= start < b:
            return c
    return None
rss = collections.Counter(); cur = None
for line in smaps:
    m = re.match(r'^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$', line)
    if m:
        start, name = int(m.group(1), 16), m.group(3).strip()
        if name and not name.startswith('['):
            cur = os.path.basename(name)
        else:
            cur = owner(start) or ('malloc (brk heap)' if name == '[heap]' else 'thread stacks (main)' if name == '[stack]'
                                   else name if name else 'anonymous, not NMT-reserved (malloc arenas)')
        continue
    if line.startswith('Rss:') and cur is not None:
        rss[cur] += int(line.split()[1])
total = sum(rss.values())
print('    resident (smaps Rss) by owner, MB            NMT committed by category, MB')
left = [f'{k[:38]:38s} {v / 1024:6.1f}' for k, v in rss.most_common(14)] + [f'{"total":38s} {total / 1024:6.1f}']
right = [f'{k[:24]:24s} {v / 1024:6.1f}' for k, v in sorted(committed.items(), key=lambda kv: -kv[1]) if v >= 512]
for i in range(max(len(left), len(right))):
    print(f'    {left[i] if i < len(left) else "":46s} {right[i] if i < len(right) else ""}')
PY
  ;; esac
done

echo
echo "java: $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')  flags: @image/jvm.args ${EXTRA[*]} + AOT cache; medians of $RUNS"
printf '%-8s %8s %10s %6s %7s %7s %7s\n' variant "ready ms" "uptime ms" "CPU s" "RSS MB" threads classes
printf '%s\n' "${rows[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
