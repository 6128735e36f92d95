#!/bin/sh
# Updates the demo ConfigMap directory the way the kubelet does; the script itself ships in the service
# (src/main/resources/demo/update-configmap.sh), which also copies it into its demo directory and logs
# the exact command at start-up. From a checkout: demo/update-configmap.sh [content]
#   FLUSH_MANAGER_DEMO_DIR=/path/to/demo-work demo/update-configmap.sh [content]
# Without FLUSH_MANAGER_DEMO_DIR the demo is ./demo-work, else demo-work at the checkout's root.
here="$(cd "$(dirname "$0")" && pwd)"
if [ -z "${FLUSH_MANAGER_DEMO_DIR:-}" ] && [ ! -L demo-work/conf/..data ] && [ -L "$here/../demo-work/conf/..data" ]; then
  FLUSH_MANAGER_DEMO_DIR="$here/../demo-work"
  export FLUSH_MANAGER_DEMO_DIR
fi
exec sh "$here/../src/main/resources/demo/update-configmap.sh" "$@"
