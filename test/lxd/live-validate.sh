#!/usr/bin/env bash
# live-validate.sh - `lxc monitor --format json | evcat validate -` against the real daemon, as a user runs it,
# and ended as Ctrl-C ends it (run-capture.sh starts it beside its other recorders and stops it with them).
#
# Usage: test/lxd/live-validate.sh OUT LIMIT-SECONDS
#
# Writes OUT.live.jsonl (evcat's jsonl report: a line per problem as it is judged, then the summary),
# OUT.live.err (its standard error: a summary line every second, written while it runs) and OUT.live.rc
# (its exit code). test/validate/lxd-real.test.ts reads them. On SIGTERM or SIGINT, or after LIMIT-SECONDS,
# evcat gets SIGINT (Ctrl-C), then lxc monitor SIGTERM; a background job of a script ignores SIGINT, and lxc
# (Go) keeps it ignored, so lxc monitor is ended by SIGTERM instead.

set -u
OUT="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
LIMIT="$2"
# evcat finds its validators (out/) and catalog from the repository's root.
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
PIPE="$(mktemp -u /tmp/evcat-live-validate.XXXXXX)"
mkfifo "$PIPE"

lxc monitor --all-projects --format json >"$PIPE" 2>"$OUT.live.monitor-err" &
MONITOR=$!
node bin/evcat.js validate - --format jsonl --summary-every 1 <"$PIPE" >"$OUT.live.jsonl" 2>"$OUT.live.err" &
EVCAT=$!
SLEEP=""

stop() {
  trap '' TERM INT
  [ -n "$SLEEP" ] && kill "$SLEEP" 2>/dev/null
  # evcat first, and lxc monitor only once evcat is done: ended together, the monitor could close the pipe before
  # evcat took the SIGINT, and evcat would then end at the end of its input instead, as if Ctrl-C were not pressed.
  kill -INT "$EVCAT" 2>/dev/null
  wait "$EVCAT"
  echo "$?" >"$OUT.live.rc"
  kill -TERM "$MONITOR" 2>/dev/null
  wait "$MONITOR" 2>/dev/null
  rm -f "$PIPE"
  exit 0
}
trap stop TERM INT

sleep "$LIMIT" &
SLEEP=$!
wait "$SLEEP"
stop
