#!/bin/sh
# Updates the demo ConfigMap directory the way the kubelet's AtomicWriter does: new timestamped dir,
# payload, ..data_tmp symlink, rename onto ..data (the commit), visible symlink if missing, old dir
# removed. A byte-identical payload is a no-op, as in the kubelet.
#
# usage: update-configmap.sh [content]        (default: a line with the current time)
# The demo is found in $FLUSH_MANAGER_DEMO_DIR, else next to this script (the copy the service puts in
# its demo directory), else ./demo-work. The service's start-up log prints the exact command.
#
# POSIX sh and POSIX tools (also busybox, BSD, macOS): no GNU-only options. The one step POSIX cannot do,
# renaming a symlink onto a symlink to a directory, uses mv -T (GNU, busybox), mv -h (BSD, macOS), perl or
# python3, whichever works, and is checked afterwards.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${FLUSH_MANAGER_DEMO_DIR:-}" ]; then
  demo="$FLUSH_MANAGER_DEMO_DIR"
elif [ -L "$here/conf/..data" ]; then
  demo="$here"
else
  demo="demo-work"
fi
dir="$demo/conf"
key=exporter.conf
content="${1:-# updated $(date -u +%Y-%m-%dT%H:%M:%SZ)
redis.addr=redis://127.0.0.1:6379
scrape.interval=15s}"

[ -L "$dir/..data" ] || { echo "no ConfigMap layout in $dir: start the demo first, or set FLUSH_MANAGER_DEMO_DIR to the directory the service's log names" >&2; exit 1; }
old="$(readlink "$dir/..data")"

# A new timestamped directory: mkdir is the atomic claim, so two runs in one second cannot collide.
n=0
ts="..$(date -u +%Y_%m_%d_%H_%M_%S).$$"
while ! mkdir "$dir/$ts" 2> /dev/null; do
  n=$((n + 1))
  [ "$n" -lt 100 ] || { echo "cannot create a new directory in $dir" >&2; exit 1; }
  ts="..$(date -u +%Y_%m_%d_%H_%M_%S).$$.$n"
done
printf '%s\n' "$content" > "$dir/$ts/$key"

# Compare only with a regular file: reading a FIFO (or a device) put there would block forever.
if [ -f "$dir/$old/$key" ] && cmp -s "$dir/$old/$key" "$dir/$ts/$key"; then
  rm -rf "${dir:?}/$ts"
  echo "payload unchanged: nothing written (kubelet does the same)"
  exit 0
fi

rm -f "$dir/..data_tmp"
ln -s "$ts" "$dir/..data_tmp"
committed() { [ "$(readlink "$dir/..data" 2> /dev/null)" = "$ts" ] && [ ! -e "$dir/..data_tmp" ] && [ ! -L "$dir/..data_tmp" ]; }
{ mv -T "$dir/..data_tmp" "$dir/..data" 2> /dev/null && committed; } \
  || { mv -h "$dir/..data_tmp" "$dir/..data" 2> /dev/null && committed; } \
  || { perl -e 'rename($ARGV[0], $ARGV[1]) or exit 1' "$dir/..data_tmp" "$dir/..data" 2> /dev/null && committed; } \
  || { python3 -c 'import os, sys; os.rename(sys.argv[1], sys.argv[2])' "$dir/..data_tmp" "$dir/..data" 2> /dev/null && committed; } \
  || { echo "cannot rename $dir/..data_tmp onto $dir/..data atomically here (no mv -T, mv -h, perl or python3)" >&2; exit 1; }
[ -e "$dir/$key" ] || [ -L "$dir/$key" ] || ln -s "..data/$key" "$dir/$key"
[ "$old" = "$ts" ] || rm -rf "${dir:?}/$old"
echo "committed $dir/..data -> $ts"
