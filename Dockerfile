# syntax=docker/dockerfile:1
#
# flush-manager sidecar image. Build:   docker build -t flush-manager .
# Without a Docker engine see scripts/image-check.sh (buildah + podman, bases made locally).
#
# Both bases are arguments so the image can be built FROM locally made bases. The build base needs a
# JDK 17+ with jlink and jdeps (the project compiles with --release 17; 25+ gets an AOT cache instead of
# a CDS archive): the runtime is jlink'ed from it, so the image runs exactly that JDK. The runtime base
# needs no Java at all, only a Debian/Ubuntu userland (apt-get installs what it lacks).
ARG BUILD_IMAGE=eclipse-temurin:25-jdk-noble
ARG RUNTIME_IMAGE=debian:bookworm-slim
# maven: build the jar here with the Maven wrapper. prebuilt: take target/flush-manager.jar from the
# context (./mvnw package first) for builders that cannot reach Maven Central.
ARG JAR_SOURCE=maven
# jlink's --compress for the runtime's module image: zip-1 makes it 32 MB smaller (60 -> 28 MB), as
# much as zip-9 within 1.5 MB; only classes the AOT cache does not hold are inflated at run time, and
# RSS and CPU-s to ready were the same as uncompressed (docs/deploy.md, "The runtime and the image's
# size"). zip-0 for an uncompressed one.
ARG JLINK_COMPRESS=zip-1
# 1: strip libjvm.so's symbol table (5 MB of its 30; hs_err and native profilers then see only its
# exported symbols). Needs binutils in the build stage, installed there with apt-get when missing.
ARG STRIP_JVM=1
# 1: the runtime's userland is slimmed by image/slim-userland.sh (no package manager, perl, admin tools:
# bookworm-slim plus tini, procps and curl 82 -> 50 MB) and copied onto scratch. 0 keeps the base whole,
# for a derived image that still has to apt-get install something.
ARG SLIM_USERLAND=1

FROM ${BUILD_IMAGE} AS jar-maven
WORKDIR /src
# Wrapper and pom first: the dependency download is cached until the pom changes.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2,id=flush-manager-m2 \
    ./mvnw -B -q dependency:resolve dependency:resolve-plugins || true
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2,id=flush-manager-m2 \
    ./mvnw -B -q -DskipTests package

FROM ${BUILD_IMAGE} AS jar-prebuilt
WORKDIR /src
COPY target/flush-manager.jar target/flush-manager.jar

FROM jar-${JAR_SOURCE} AS build
# Extract without --launcher: the result is a plain jar plus lib/*.jar on its Class-Path, which is what
# CDS and the AOT cache can archive (they skip classes loaded from directories, which the launcher
# layout would give). The four layers keep dependency layers stable across code-only changes.
RUN java -Djarmode=tools -jar target/flush-manager.jar extract --layers --destination target/extracted
# JNA's native part (kill(2), prctl, waitpid for the child's containment), unpacked here: with a read-only
# root and no writable /tmp, JNA could not unpack it at run time and the service would fall back to
# forking a shell per signal and no subreaper (one WARN). jvm.args points jna.boot.library.path at it.
RUN set -eu; \
    case "$(uname -m)" in x86_64) arch=x86-64 ;; aarch64) arch=aarch64 ;; *) arch="$(uname -m)" ;; esac; \
    mkdir -p target/native && cd target/native; \
    jar xf "$(ls ../extracted/dependencies/lib/jna-*.jar)" "com/sun/jna/linux-$arch/libjnidispatch.so"; \
    mv "com/sun/jna/linux-$arch/libjnidispatch.so" . && rm -r com
# zstd-jni (collection mode) carries its native library for 18 platforms (6.5 MB); the jar keeps only
# this one's (the image is built per architecture). The jar's name, classes and manifest stay.
RUN set -eu; \
    case "$(uname -m)" in x86_64) arch=amd64 ;; *) arch="$(uname -m)" ;; esac; \
    for jar in target/extracted/dependencies/lib/zstd-jni-*.jar; do \
      [ -f "$jar" ] || continue; \
      rm -rf /tmp/zstd && mkdir /tmp/zstd && (cd /tmp/zstd && jar xf "/src/$jar"); \
      [ -n "$(ls /tmp/zstd/linux/$arch/*.so)" ]; \
      find /tmp/zstd -name '*.so' ! -path "/tmp/zstd/linux/$arch/*" -delete; \
      find /tmp/zstd -type d -empty -delete; \
      rm "$jar" && jar --create --file "$jar" --manifest /tmp/zstd/META-INF/MANIFEST.MF -C /tmp/zstd .; \
    done; \
    rm -rf /tmp/zstd
# Readable by the runtime's uid here, so the runtime stage needs no chmod: a chmod there copies every
# file it touches into a new layer (the image held the jars twice that way).
RUN chmod -R a+rX target/extracted target/native

FROM build AS jre
ARG JLINK_COMPRESS
ARG STRIP_JVM
# A runtime with only the modules the service needs: what jdeps finds in the jars, corrected by
# image/jre-modules: modules reached only by name at run time (jdeps cannot see those) and optional ones
# the service runs without (each is explained in the file). No JDK tools, no debug attributes, man pages or headers.
COPY image/jre-modules /src/image/jre-modules
RUN set -eu; \
    release="$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"; \
    found="$(jdeps --print-module-deps --ignore-missing-deps --multi-release "$release" \
      target/extracted/application/flush-manager.jar target/extracted/dependencies/lib/*.jar 2>/dev/null \
      | grep -E '^[a-z][a-z0-9.,]*$' | tail -1)"; \
    [ -n "$found" ]; \
    # image/jre-modules: a name adds a module, -name drops one that jdeps found.
    listed="$(sed -e 's/#.*//' /src/image/jre-modules | xargs)"; \
    modules=""; \
    for m in $(echo "$found" | tr ',' ' ') $listed; do \
      case " $listed " in *" -$m "*) continue ;; esac; \
      case "$m" in -*) continue ;; esac; \
      modules="$modules,$m"; \
    done; \
    # --strip-debug also strips native debug symbols on Linux, with objcopy (binutils), which JDK images
    # lack; without it only the Java debug attributes go (Temurin's native libraries carry no debug info).
    strip=--strip-java-debug-attributes; command -v objcopy >/dev/null && strip=--strip-debug; \
    # JDK 17's jlink spells the levels 0-2.
    compress="$JLINK_COMPRESS"; [ "$release" -ge 21 ] || { [ "$compress" = zip-0 ] && compress=0 || compress=2; }; \
    # java.desktop is here for java.beans alone: its native libraries (AWT, fonts, color management, image
    # codecs, sound, splash screen; 6 MB) are left out, nothing in a headless sidecar loads them.
    jlink --add-modules "${modules#,}" "$strip" --no-man-pages --no-header-files --compress="$compress" \
      --exclude-files='/java.desktop/lib/*.so' --output /opt/java/openjdk; \
    if [ "$STRIP_JVM" = 1 ]; then \
      command -v strip >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends binutils >/dev/null; } || true; \
      if command -v strip >/dev/null; then strip --strip-unneeded /opt/java/openjdk/lib/server/libjvm.so; \
      else echo "STRIP_JVM: no strip (binutils) in the build stage, libjvm.so left as it is"; fi; \
    fi; \
    /opt/java/openjdk/bin/java --list-modules | sed 's/@.*//' | tr '\n' ' '; echo

FROM ${RUNTIME_IMAGE} AS userland
# tini as PID 1: the JVM does not reap orphaned grandchildren of the supervised child, and tini forwards
# SIGTERM. util-linux gives the supervisor setsid and setpriv (parent-death signal); procps gives
# operators ps and pgrep; curl is for "kubectl exec ... curl" against the API. (The supervisor signals
# through the shell's built-in kill, not procps-ng's: see ProcessTree.)
# Installed only when the base lacks them, so a prepared base needs no package mirror at build time.
RUN set -eu; \
    missing=""; \
    command -v tini >/dev/null 2>&1 || missing="$missing tini"; \
    { command -v setsid && command -v setpriv; } >/dev/null 2>&1 || missing="$missing util-linux"; \
    command -v ps >/dev/null 2>&1 || missing="$missing procps"; \
    command -v curl >/dev/null 2>&1 || missing="$missing curl"; \
    if [ -n "$missing" ]; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing \
      && rm -rf /var/lib/apt/lists/*; \
    fi; \
    # A numeric, non-root uid: kubelet can only verify runAsNonRoot against a numeric USER.
    getent group 10001 >/dev/null || groupadd --system --gid 10001 flush-manager; \
    getent passwd 10001 >/dev/null || useradd --system --uid 10001 --gid 10001 --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin flush-manager

ARG SLIM_USERLAND
COPY image/slim-userland.sh /tmp/slim-userland.sh
RUN if [ "$SLIM_USERLAND" = 1 ]; then sh /tmp/slim-userland.sh; fi; rm /tmp/slim-userland.sh

# Onto scratch: files removed in a layer above a base would still be in the image.
FROM scratch
COPY --from=userland / /
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
COPY --from=jre /opt/java/openjdk/ /opt/java/openjdk/
WORKDIR /app
COPY --from=build /src/target/extracted/dependencies/ ./
COPY --from=build /src/target/extracted/spring-boot-loader/ ./
COPY --from=build /src/target/extracted/snapshot-dependencies/ ./
COPY --from=build /src/target/extracted/application/ ./
COPY --from=build /src/target/native/ /app/native/
COPY --chmod=0644 image/jvm.args /app/jvm.args
# The launcher: java with /app's argfiles and $JAVA_OPTS, on PATH so a container command reads like a
# shell line (flush-manager --watch FILE -- COMMAND ARGS...).
COPY --chmod=0755 scripts/flush-manager /app/flush-manager
RUN ln -s /app/flush-manager /usr/local/bin/flush-manager

# Training run: the context is refreshed, then the JVM exits (no web server bound, no child started).
# JDK 25+ writes an AOT cache (classes loaded and linked, plus method profiles); older JDKs a CDS archive.
# The archive is only valid for this exact JDK and jar set, which is why it is made here and not shipped.
# archive.args records which one the entrypoint must use.
RUN set -eu; \
    mkdir -p /tmp/training/conf; echo 'training=1' > /tmp/training/conf/exporter.conf; \
    set -- -Dspring.context.exit=onRefresh -jar /app/flush-manager.jar \
      --flush-manager.child.command=/bin/true \
      --flush-manager.watch.files=/tmp/training/conf/exporter.conf \
      --logging.level.root=WARN; \
    if java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then \
      java @/app/jvm.args -XX:AOTCacheOutput=/app/flush-manager.aot -Xlog:aot=error,cds=error "$@"; \
      echo '-XX:AOTCache=/app/flush-manager.aot' > /app/archive.args; \
    else \
      java @/app/jvm.args -XX:ArchiveClassesAtExit=/app/flush-manager.jsa "$@"; \
      echo '-XX:SharedArchiveFile=/app/flush-manager.jsa' > /app/archive.args; \
    fi; \
    rm -rf /tmp/training /tmp/tomcat* /tmp/hsperfdata_*

USER 10001:10001
EXPOSE 8080
# Writable scratch space only here; mount an emptyDir on /tmp with readOnlyRootFilesystem.
ENV TMPDIR=/tmp
# flush-manager (scripts/flush-manager) execs java @/app/jvm.args @/app/archive.args $JAVA_OPTS -jar
# /app/flush-manager.jar "$@": JAVA_OPTS comes after the argfiles, so it can override their flags
# (JAVA_OPTS=-Xmx160m). The container's args are the service's: --watch FILE -- COMMAND ARGS..., or
# Spring-style --flush-manager.x=y.
# -e 143: the JVM's exit status after SIGTERM is 143, a normal stop for us, so tini reports it as 0.
ENTRYPOINT ["tini", "-e", "143", "--", "flush-manager"]
