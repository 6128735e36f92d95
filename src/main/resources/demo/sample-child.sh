#!/bin/sh
# The demo's sample child: prints the config it was started with (demo data only; flush-manager itself
# never logs config contents), re-reads it on SIGHUP, exits cleanly on SIGTERM. A config with a line
# "bad" is refused: it says so and exits 1 (the README's "bad config" step rolls that back).
conf="$1"
show() {
  echo "demo child $$ read $conf:"; sed 's/^/  | /' "$conf"
  if grep -qx 'bad' "$conf"; then echo "demo child $$ refuses this config"; exit 1; fi
  echo "demo child $$ ready"
}
trap 'echo "demo child $$ got SIGTERM, exiting"; exit 0' TERM
trap 'show' HUP
show
while :; do sleep 1 & wait $! 2>/dev/null; done
