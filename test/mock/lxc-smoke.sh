#!/usr/bin/env bash
# CI step: the LXD mock and Debian's real lxc, exactly as the README shows them. Fails unless lxc prints the
# mock's events and evcat validate finds them all valid.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="$(mktemp -d)"
# In its own process group (setsid), so that stopping it stops npx's node child too.
setsid npx evcat mock serve lxd --socket "$dir/lxd/unix.socket" --rate 200/s &
mock=$!
monitor=
cleanup() {
  [ -n "$monitor" ] && kill "$monitor" 2>/dev/null || true
  kill -- -"$mock" 2>/dev/null || true
  wait "$mock" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
# Readiness: the socket exists once the mock listens (polled, at most 30 s).
for _ in $(seq 1 300); do [ -S "$dir/lxd/unix.socket" ] && break; sleep 0.1; done
LXD_DIR="$dir/lxd" HOME="$dir" lxc monitor --format json >"$dir/monitor.json" &
monitor=$!
for _ in $(seq 1 300); do
  [ "$(grep -c '^{' "$dir/monitor.json" || true)" -ge 100 ] && break
  sleep 0.1
done
kill "$monitor"
monitor=
events=$(grep -c '^{' "$dir/monitor.json" || true)
echo "lxc monitor printed $events events from evcat mock serve lxd"
[ "$events" -ge 100 ]
npx evcat validate "$dir/monitor.json"
