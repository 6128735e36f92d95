#!/bin/sh
# Updates the demo ConfigMap directory the way the kubelet's AtomicWriter does:
# new timestamped dir, payload, ..data_tmp symlink, rename onto ..data (the commit), visible symlink
# if missing, old dir removed. A byte-identical payload is a no-op, as in the kubelet.
#
# usage: demo/update-configmap.sh [content]        (default: a line with the current time)
#        FLUSH_MANAGER_DEMO_DIR=/path demo/update-configmap.sh ...
set -eu
dir="${FLUSH_MANAGER_DEMO_DIR:-demo-work}/conf"
key=exporter.conf
content="${1:-# updated $(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
redis.addr=redis://127.0.0.1:6379
scrape.interval=15s}"

[ -L "$dir/..data" ] || { echo "no ConfigMap layout in $dir: start the demo first" >&2; exit 1; }
old="$(readlink "$dir/..data")"
if [ "$(cat "$dir/$old/$key")" = "$content" ]; then
  echo "payload unchanged: nothing written (kubelet does the same)"
  exit 0
fi
ts="..$(date -u +%Y_%m_%d_%H_%M_%S).$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')"
mkdir "$dir/$ts"
printf '%s\n' "$content" > "$dir/$ts/$key"
ln -sfn "$ts" "$dir/..data_tmp"
mv -T "$dir/..data_tmp" "$dir/..data"
[ -e "$dir/$key" ] || [ -L "$dir/$key" ] || ln -s "..data/$key" "$dir/$key"
rm -rf "${dir:?}/$old"
echo "committed $dir/..data -> $ts"
