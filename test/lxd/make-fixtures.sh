#!/usr/bin/env bash
# make-fixtures.sh - regenerate test/fixtures/lxd/* from a real capture run.
#
#   test/lxd/make-fixtures.sh            (as root; see run-capture.sh)
#
# Runs run-capture.sh into a scratch directory, then writes
#   test/fixtures/lxd/capture-<lxd version>.jsonl      (every frame, untouched)
#   test/fixtures/lxd/monitor-<lxd version>.json.txt   (<=200 events of lxc monitor --format json)
#   test/fixtures/lxd/monitor-<lxd version>.yaml.txt   (<=200 events of lxc monitor --format yaml)
# and prints the count tables used in test/fixtures/lxd/README.md.

set -eu
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$HERE/../fixtures/lxd"
DEST="$(cd "$HERE/../fixtures/lxd" && pwd)"
SCRATCH="$(mktemp -d /tmp/evcat-fixtures.XXXXXX)"
trap 'rm -rf "$SCRATCH"' EXIT

bash "$HERE/run-capture.sh" "$SCRATCH/capture.jsonl"
VER="$(lxd --version)"
node "$HERE/fixtures.mjs" check "$SCRATCH/capture.jsonl"
cp "$SCRATCH/capture.jsonl" "$DEST/capture-$VER.jsonl"
if [ -s "$SCRATCH/capture.jsonl.monitor.json" ]; then
  node "$HERE/fixtures.mjs" trim "$SCRATCH/capture.jsonl.monitor.json" json 200 "$DEST/monitor-$VER.json.txt"
fi
if [ -s "$SCRATCH/capture.jsonl.monitor.yaml" ]; then
  node "$HERE/fixtures.mjs" trim "$SCRATCH/capture.jsonl.monitor.yaml" yaml 200 "$DEST/monitor-$VER.yaml.txt"
fi
node "$HERE/fixtures.mjs" summary "$DEST/capture-$VER.jsonl"
