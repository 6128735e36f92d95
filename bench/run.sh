#!/usr/bin/env bash
# flush-manager vs entr -r on the same seeded kubelet-replica workload, plus flush-manager's poll-cycle
# cost with 1,000 files and its child-output throughput with 1 GiB; prints one side-by-side table.
# See docs/bench.md for what is measured and how "missed", "extra" and "unchanged" are decided.
#
# usage: bench/run.sh [--seed N] [--steps N] [--default-steps N] [--idle-seconds N] [--output-bytes N]
#   defaults: seed 6, 1000 steps (debounce 100ms and entr), first 300 of them with the default debounce,
#   15 s idle window, 1 GiB of child output. About 20 minutes on 2 cores.
# Needs: a JDK 17+, bash, and entr (Debian package "entr"; installed here when missing and running as root).
# Writes its work files and the table (result.txt) under target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v entr > /dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends entr > /dev/null
  else
    echo "entr is not installed: apt-get install entr (or your distribution's package)" >&2
    exit 1
  fi
fi
rm -rf target/bench
mkdir -p target/bench
./mvnw -q ${MVN_FLAGS:-} -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench/classpath.txt
# A copy, so that a build during the run cannot pull classes or the jar from under it.
cp -r target/classes target/bench/classes
cp -r target/test-classes target/bench/test-classes
cp target/flush-manager.jar target/bench/flush-manager.jar
java -cp "target/bench/test-classes:target/bench/classes:$(cat target/bench/classpath.txt)" \
  io.flushmanager.bench.PeerBenchmark --jar target/bench/flush-manager.jar --work target/bench/work "$@" \
  | tee target/bench/result.txt
