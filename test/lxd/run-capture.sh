#!/usr/bin/env bash
# run-capture.sh - capture real LXD /1.0/events traffic (the CI entry point).
#
# Usage: test/lxd/run-capture.sh [out.jsonl]
#
#   - installs LXD (Debian package) if `lxd` is missing, plus the helpers the
#     drive script uses (busybox-static, nftables, openssl) when absent;
#   - starts `lxd --group root` in the background if the socket isn't answering
#     and waits until it is ready; initialises it if it has no storage pool;
#   - records /1.0/events with capture.mjs into out.jsonl (default: a temp
#     file) and, when supported, `lxc monitor --format json|yaml` into
#     out.jsonl.monitor.json / out.jsonl.monitor.yaml, and the live verdicts of
#     `lxc monitor --format json | evcat validate -` into out.jsonl.live.*
#     (live-validate.sh);
#   - runs drive.sh, waits 2 s, stops the recorders and prints a one-line
#     summary on stdout (progress goes to stderr).
#
# Must run as root. Safe to run repeatedly; leaves the daemon running.
# Environment: LXD_SOCKET (default /var/lib/lxd/unix.socket),
#              LXD_DAEMON_LOG (default /tmp/lxd-daemon.log),
#              DRIVE_TIMEOUT (seconds for drive.sh, default 210).

set -u
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-}"
if [ -z "$OUT" ]; then OUT="$(mktemp /tmp/lxd-events.XXXXXX.jsonl)"; fi
mkdir -p "$(dirname "$OUT")"
export LXD_SOCKET="${LXD_SOCKET:-/var/lib/lxd/unix.socket}"
DAEMON_LOG="${LXD_DAEMON_LOG:-/tmp/lxd-daemon.log}"
DRIVE_TIMEOUT="${DRIVE_TIMEOUT:-210}"
TMP="$(mktemp -d /tmp/evcat-run-capture.XXXXXX)"
START=$(date +%s)
PIDS=()

log() { printf 'run-capture: %s\n' "$*" >&2; }

stop_recorders() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
}
on_exit() { stop_recorders; rm -rf "$TMP"; }
trap on_exit EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" != 0 ]; then log "must run as root"; exit 1; fi
for c in node timeout; do
  command -v "$c" >/dev/null 2>&1 || { log "missing $c"; exit 1; }
done

# ------------------------------------------------------------------ install
need_pkgs=()
command -v lxd >/dev/null 2>&1 || need_pkgs+=(lxd)
command -v busybox >/dev/null 2>&1 || need_pkgs+=(busybox-static)
command -v openssl >/dev/null 2>&1 || need_pkgs+=(openssl)
command -v script >/dev/null 2>&1 || need_pkgs+=(bsdutils)
# LXD bridges need a firewall backend (nft or iptables) when the daemon starts.
if ! command -v nft >/dev/null 2>&1 && ! command -v iptables >/dev/null 2>&1; then need_pkgs+=(nftables); fi
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  log "installing: ${need_pkgs[*]}"
  timeout 300 apt-get update -q >&2 || log "apt-get update failed"
  timeout 600 apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" </dev/null >&2 ||
    timeout 600 apt-get install -y -q "${need_pkgs[@]}" </dev/null >&2 || log "apt-get install failed"
fi
command -v lxd >/dev/null 2>&1 || { log "lxd not installed"; exit 1; }

# ------------------------------------------------------------------ daemon
if ! timeout 10 lxc query /1.0 >/dev/null 2>&1; then
  log "starting lxd --group root (log: $DAEMON_LOG)"
  setsid nohup lxd --group root </dev/null >>"$DAEMON_LOG" 2>&1 &
  disown || true
fi
if ! timeout 70 lxd waitready --timeout 60; then
  log "lxd did not become ready; see $DAEMON_LOG"; exit 1
fi
log "lxd $(lxd --version) ready"

# ------------------------------------------------------------------ init
if [ -z "$(timeout 20 lxc storage list --format csv 2>/dev/null)" ]; then
  log "initialising (lxd init --auto)"
  timeout 120 lxd init --auto </dev/null >&2 || log "lxd init --auto failed; falling back to manual init"
fi
if [ -z "$(timeout 20 lxc storage list --format csv 2>/dev/null)" ]; then
  timeout 60 lxc storage create default dir >&2 || log "storage pool create failed"
fi
if ! timeout 20 lxc profile device get default root pool >/dev/null 2>&1; then
  pool="$(timeout 20 lxc storage list --format csv 2>/dev/null | head -n1 | cut -d, -f1)"
  [ -n "$pool" ] && { timeout 30 lxc profile device add default root disk path=/ pool="$pool" >&2 || true; }
fi
if ! timeout 20 lxc profile device list default 2>/dev/null | grep -qx eth0; then
  if ! timeout 20 lxc network show lxdbr0 >/dev/null 2>&1; then
    # `lxd init --auto` can't pick a subnet in some sandboxes: try fixed ones.
    for net in 10.201.77.1/24 10.202.78.1/24 172.31.254.1/24; do
      if timeout 60 lxc network create lxdbr0 ipv4.address="$net" ipv4.nat=true ipv6.address=none >&2; then break; fi
    done
  fi
  if timeout 20 lxc network show lxdbr0 >/dev/null 2>&1; then
    timeout 30 lxc profile device add default eth0 nic network=lxdbr0 name=eth0 >&2 || true
  else
    log "no bridge network (instances will have no NIC)"
  fi
fi

# ------------------------------------------------------------------ recorders
: >"$OUT"
node "$HERE/capture.mjs" "$OUT" $((DRIVE_TIMEOUT + 60)) 2>"$TMP/capture.err" &
PIDS+=($!)
MON_JSON=0
if timeout 10 lxc monitor --help 2>/dev/null | grep -q -- '--format'; then
  timeout $((DRIVE_TIMEOUT + 60)) lxc monitor --all-projects --format json >"$OUT.monitor.json" 2>"$TMP/monitor-json.err" &
  PIDS+=($!)
  timeout $((DRIVE_TIMEOUT + 60)) lxc monitor --all-projects --format yaml >"$OUT.monitor.yaml" 2>"$TMP/monitor-yaml.err" &
  PIDS+=($!)
  MON_JSON=1
  # evcat validate on the live stream, as a user pipes lxc monitor into it; stopped with the others, as Ctrl-C.
  bash "$HERE/live-validate.sh" "$OUT" $((DRIVE_TIMEOUT + 60)) &
  PIDS+=($!)
else
  log "lxc monitor has no --format; skipping monitor capture"
fi
for _ in $(seq 1 100); do
  grep -q 'connected' "$TMP/capture.err" 2>/dev/null && break
  kill -0 "${PIDS[0]}" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q 'connected' "$TMP/capture.err"; then
  log "capture did not connect:"; cat "$TMP/capture.err" >&2; exit 1
fi
sleep 1 # let the lxc monitor clients subscribe too

# ------------------------------------------------------------------ drive
timeout "$DRIVE_TIMEOUT" bash "$HERE/drive.sh" </dev/null >&2 || log "drive.sh ended with rc=$?"
sleep 2
stop_recorders
sed 's/^/run-capture: /' "$TMP/capture.err" >&2

# ------------------------------------------------------------------ summary
ELAPSED=$(( $(date +%s) - START ))
node --input-type=module - "$OUT" "$MON_JSON" "$ELAPSED" <<'EOF'
import fs from 'node:fs';
const [out, mon, elapsed] = process.argv.slice(2);
const lines = fs.readFileSync(out, 'utf8').split('\n').filter((l) => l !== '');
const types = {};
const actions = new Set();
let bad = 0;
for (const l of lines) {
  try {
    const e = JSON.parse(l);
    types[e.type] = (types[e.type] ?? 0) + 1;
    if (e.type === 'lifecycle') actions.add(e.metadata?.action);
  } catch {
    bad += 1;
  }
}
let monitor = '';
if (mon === '1') {
  const j = fs.existsSync(`${out}.monitor.json`) ? fs.readFileSync(`${out}.monitor.json`, 'utf8').split('\n').filter(Boolean).length : 0;
  const y = fs.existsSync(`${out}.monitor.yaml`) ? fs.readFileSync(`${out}.monitor.yaml`, 'utf8').split('\n').filter((l) => /^type: /.test(l)).length : 0;
  monitor = ` monitor_json=${j} monitor_yaml=${y}`;
}
const per = Object.entries(types).sort().map(([k, v]) => `${k}=${v}`).join(' ');
console.log(`lxd-capture: frames=${lines.length} ${per} lifecycle_actions=${actions.size}${bad ? ` unparsable=${bad}` : ''}${monitor} elapsed=${elapsed}s out=${out}`);
EOF
