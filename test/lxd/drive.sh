#!/usr/bin/env bash
# drive.sh - do real, varied work against a local LXD daemon through `lxc` so
# that /1.0/events emits many different lifecycle, operation and logging events.
#
# Every step is bounded by `timeout` and tolerates failure; the script always
# runs to the end and exits 0. All objects it creates are named
# "evc<6 hex>-..." (unique per run) and are removed at the end; leftovers of an
# earlier interrupted run (same naming scheme) are swept first.
#
# Environment:
#   DRIVE_STEP_TIMEOUT  per-command timeout in seconds (default 30)
#   DRIVE_VERBOSE=1     echo command output of failed steps in full
#
# Requires: lxc, timeout, tar, gzip. Optional: busybox (static) for a local
# image and instances, openssl for certificate steps.

set -u
export LC_ALL=C

T="${DRIVE_STEP_TIMEOUT:-30}"
RUN="$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
P="evc${RUN}"
WORK="$(mktemp -d /tmp/evcat-drive.XXXXXX)"
OUT="$WORK/step.out"
OK=0
FAILED=0
FAILED_STEPS=()

cleanup_work() { rm -rf "$WORK"; }
trap cleanup_work EXIT

say() { printf 'drive: %s\n' "$*"; }

# step <description> <command...>      (stdin from /dev/null)
step() {
  local desc="$1"; shift
  if timeout "$T" "$@" </dev/null >"$OUT" 2>&1; then
    OK=$((OK + 1)); say "ok   $desc"
  else
    local rc=$?
    FAILED=$((FAILED + 1)); FAILED_STEPS+=("$desc")
    if [ "${DRIVE_VERBOSE:-0}" = 1 ]; then
      say "FAIL $desc (rc=$rc)"; sed 's/^/drive:      /' "$OUT"
    else
      say "FAIL $desc (rc=$rc): $(tail -n 1 "$OUT" | cut -c1-160)"
    fi
  fi
  return 0
}

# step_in <description> <stdin-file> <command...>
step_in() {
  local desc="$1" in="$2"; shift 2
  if timeout "$T" "$@" <"$in" >"$OUT" 2>&1; then
    OK=$((OK + 1)); say "ok   $desc"
  else
    local rc=$?
    FAILED=$((FAILED + 1)); FAILED_STEPS+=("$desc")
    say "FAIL $desc (rc=$rc): $(tail -n 1 "$OUT" | cut -c1-160)"
  fi
  return 0
}

# q <command...>: quiet, bounded, never fails (used for lookups/cleanup)
q() { timeout "$T" "$@" </dev/null 2>/dev/null || true; }

have() { command -v "$1" >/dev/null 2>&1; }

# Sweep objects left by an interrupted earlier run (names evc<6 hex>...).
sweep() {
  local pat='^evc[0-9a-f]{6}'
  local prj n
  for prj in $(q lxc project list --format csv | cut -d, -f1 | sed 's/ (current)$//' | grep -E "$pat"); do
    for n in $(q lxc list --project "$prj" --format csv -c n); do q lxc delete -f --project "$prj" "$n"; done
    for n in $(q lxc profile list --project "$prj" --format csv | cut -d, -f1 | grep -E "$pat"); do q lxc profile delete --project "$prj" "$n"; done
  done
  for n in $(q lxc list --format csv -c n | grep -E "$pat"); do q lxc delete -f "$n"; done
  for n in $(q lxc image alias list --format csv | cut -d, -f1 | grep -E "$pat"); do
    q lxc image delete "$(q lxc image alias list --format csv | grep -E "^$n," | cut -d, -f2)"
    q lxc image alias delete "$n"
  done
  for n in $(q lxc image list --format csv -c d,f | grep -E "^evcat drive" | cut -d, -f2); do q lxc image delete "$n"; done
  for n in $(q lxc profile list --format csv | cut -d, -f1 | grep -E "$pat"); do q lxc profile delete "$n"; done
  for pool in $(q lxc storage list --format csv | cut -d, -f1); do
    for n in $(q lxc storage volume list "$pool" --format csv -c tn | grep '^custom,' | cut -d, -f2 | grep -E "$pat" | grep -v /); do
      q lxc storage volume delete "$pool" "$n"
    done
  done
  for n in $(q lxc storage list --format csv | cut -d, -f1 | grep -E "$pat"); do q lxc storage delete "$n"; done
  for n in $(q lxc network list --format csv | cut -d, -f1 | grep -E "$pat"); do q lxc network delete "$n"; done
  for n in $(q lxc network acl list --format csv | cut -d, -f1 | grep -E "$pat"); do q lxc network acl delete "$n"; done
  for n in $(q lxc network zone list --format csv | cut -d, -f1 | grep -E "$pat"); do q lxc network zone delete "$n"; done
  for n in $(q lxc config trust list --format csv | awk -F, -v p="$pat" '$2 ~ p {print $4}'); do q lxc config trust remove "$n"; done
  for n in $(q lxc project list --format csv | cut -d, -f1 | grep -E "$pat"); do q lxc project delete "$n"; done
}

if ! have lxc; then say "lxc not found; nothing to do"; exit 0; fi
say "run id $RUN (prefix $P), step timeout ${T}s"
sweep

# ---------------------------------------------------------------- server config
step "server config set" lxc config set images.auto_update_interval 0
step "server config unset" lxc config unset images.auto_update_interval

# ---------------------------------------------------------------- warnings
W1="$(q lxc warning list --format csv | grep -m1 ',NEW,' | cut -d, -f1)"
if [ -n "$W1" ]; then
  step "warning acknowledge" lxc warning ack "$W1"
else
  say "skip warning ack (no NEW warning)"
fi
WN="$(q lxc warning list --format csv --all | wc -l)"
W2="$(q lxc warning list --format csv --all | grep -m1 ',ACKNOWLEDGED,' | cut -d, -f1)"
if [ -n "$W2" ] && [ "$WN" -ge 2 ]; then
  step "warning delete" lxc warning delete "$W2"
else
  say "skip warning delete (need >=2 warnings, one acknowledged)"
fi

# ---------------------------------------------------------------- projects
step "project create" lxc project create "$P-prj" -c features.images=false -c features.profiles=false
step "project set" lxc project set "$P-prj" limits.instances 5
step "project set (2)" lxc project set "$P-prj" user.evcat yes
step "project unset" lxc project unset "$P-prj" user.evcat
cat >"$WORK/project.yaml" <<EOF
description: evcat capture project
config:
  features.images: "false"
  features.profiles: "false"
  features.storage.volumes: "true"
  limits.instances: "6"
EOF
step_in "project edit" "$WORK/project.yaml" lxc project edit "$P-prj"
step "project create (2)" lxc project create "$P-prx" -c features.profiles=true
step "project rename" lxc project rename "$P-prx" "$P-prj2"
step "profile create in project" lxc profile create "$P-pp" --project "$P-prj2"
step "profile set in project" lxc profile set "$P-pp" --project "$P-prj2" limits.cpu 1
step "profile delete in project" lxc profile delete "$P-pp" --project "$P-prj2"

# ---------------------------------------------------------------- profiles
step "profile create" lxc profile create "$P-prof"
step "profile set" lxc profile set "$P-prof" limits.memory 128MB
cat >"$WORK/profile.yaml" <<'EOF'
description: evcat capture profile <with> & "specials"
config:
  limits.memory: 96MB
  environment.EVCAT: "1"
devices: {}
EOF
step_in "profile edit" "$WORK/profile.yaml" lxc profile edit "$P-prof"
step "profile device add" lxc profile device add "$P-prof" tmpdisk disk source=/tmp path=/mnt/hosttmp
step "profile device remove" lxc profile device remove "$P-prof" tmpdisk
step "profile rename" lxc profile rename "$P-prof" "$P-prof2"
step "profile copy" lxc profile copy "$P-prof2" "$P-profc"
step "profile delete copy" lxc profile delete "$P-profc"

# ---------------------------------------------------------------- storage
POOL="$(q lxc profile device get default root pool)"
[ -n "$POOL" ] || POOL="$(q lxc storage list --format csv | head -n1 | cut -d, -f1)"
[ -n "$POOL" ] || POOL=default
step "storage pool create (dir)" lxc storage create "$P-pool" dir
step "storage pool set" lxc storage set "$P-pool" rsync.bwlimit 10MB
step "storage pool unset" lxc storage unset "$P-pool" rsync.bwlimit

V="$P-vol"
step "volume create" lxc storage volume create "$POOL" "$V"
step "volume set" lxc storage volume set "$POOL" "$V" user.evcat one
step "volume unset" lxc storage volume unset "$POOL" "$V" user.evcat
step "volume rename" lxc storage volume rename "$POOL" "$V" "$V-r"
V="$V-r"
step "volume snapshot" lxc storage volume snapshot "$POOL" "$V" snap0
step "volume snapshot (2)" lxc storage volume snapshot "$POOL" "$V" snap1
step "volume snapshot update (PATCH)" lxc query -X PATCH -d '{"description":"evcat snapshot"}' "/1.0/storage-pools/$POOL/volumes/custom/$V/snapshots/snap1"
step "volume restore" lxc storage volume restore "$POOL" "$V" snap0
step "volume snapshot rename" lxc storage volume rename "$POOL" "$V/snap0" "$V/snapA"
step "volume snapshot delete" lxc storage volume delete "$POOL" "$V/snap1"
step "volume copy to other pool" lxc storage volume copy "$POOL/$V" "$P-pool/$P-volc"
step "volume move within pool" lxc storage volume move "$P-pool/$P-volc" "$P-pool/$P-volm"
step "volume backup create" lxc query -X POST --wait -d '{"name":"b0"}' "/1.0/storage-pools/$POOL/volumes/custom/$V/backups"
step "volume backup rename" lxc query -X POST --wait -d '{"name":"b1"}' "/1.0/storage-pools/$POOL/volumes/custom/$V/backups/b0"
step "volume backup delete" lxc query -X DELETE --wait "/1.0/storage-pools/$POOL/volumes/custom/$V/backups/b1"
step "volume export" lxc storage volume export "$POOL" "$V" "$WORK/vol.tar.gz"
step "volume import" lxc storage volume import "$POOL" "$WORK/vol.tar.gz" "$P-voli"
step "volume delete imported" lxc storage volume delete "$POOL" "$P-voli"
step "volume delete copy" lxc storage volume delete "$P-pool" "$P-volm"
step "volume delete snapshot" lxc storage volume delete "$POOL" "$V/snapA"
# the volume "$V" stays for the instance section (attach) and is deleted later

# ---------------------------------------------------------------- networks
O2=$(( (16#${RUN:0:2} % 150) + 100 )); O3=$(( 16#${RUN:2:2} ))
NET="$P-br"
step "network create (bridge)" lxc network create "$NET" ipv4.address="10.$O2.$O3.1/24" ipv4.nat=true ipv6.address=none
step "network set" lxc network set "$NET" ipv4.dhcp.expiry 2h
step "network unset" lxc network unset "$NET" ipv4.dhcp.expiry
step "network acl create" lxc network acl create "$P-acl"
step "network acl rule add" lxc network acl rule add "$P-acl" ingress action=allow protocol=tcp destination_port=22
step "network acl rule add (2)" lxc network acl rule add "$P-acl" egress action=reject destination=192.0.2.0/24
step "network acl set" lxc network acl set "$P-acl" user.evcat yes
step "network acl rule remove" lxc network acl rule remove "$P-acl" egress destination=192.0.2.0/24
step "network acl rename" lxc network acl rename "$P-acl" "$P-acl2"
step "network attach acl" lxc network set "$NET" security.acls "$P-acl2"
step "network detach acl" lxc network unset "$NET" security.acls
step "network acl delete" lxc network acl delete "$P-acl2"
step "network forward create" lxc network forward create "$NET" "192.0.2.$(( 16#${RUN:4:2} % 250 + 1 ))"
FWD="$(q lxc network forward list "$NET" --format csv | head -n1 | cut -d, -f1)"
if [ -n "$FWD" ]; then
  step "network forward port add" lxc network forward port add "$NET" "$FWD" tcp 8080 "10.$O2.$O3.10" 80
  step "network forward set" lxc network forward set "$NET" "$FWD" user.evcat yes
  step "network forward delete" lxc network forward delete "$NET" "$FWD"
fi
Z="$P.evcat.example"
step "network zone create" lxc network zone create "$Z"
step "network zone set" lxc network zone set "$Z" user.evcat yes
step "network zone record create" lxc network zone record create "$Z" www
step "network zone record entry add" lxc network zone record entry add "$Z" www A 192.0.2.7
step "network zone record set" lxc network zone record set "$Z" www user.evcat yes
step "network zone attach" lxc network set "$NET" dns.zone.forward "$Z"
step "network zone detach" lxc network unset "$NET" dns.zone.forward
step "network zone record delete" lxc network zone record delete "$Z" www
step "network zone delete" lxc network zone delete "$Z"
# Not attempted (no events possible here): network peers (OVN only), network
# load balancers (not in 5.0.2), cluster groups/members (server not clustered).
step "network rename" lxc network rename "$NET" "$P-br2"
NET="$P-br2"

# ---------------------------------------------------------------- certificates
if have openssl; then
  if timeout "$T" openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -days 2 \
      -subj "/CN=$P-client" -keyout "$WORK/client.key" -out "$WORK/client.crt" >/dev/null 2>&1; then
    step "certificate add" lxc config trust add "$WORK/client.crt" --name "$P-cert"
    FP="$(timeout "$T" openssl x509 -in "$WORK/client.crt" -noout -fingerprint -sha256 2>/dev/null | cut -d= -f2 | tr -d ':' | tr 'A-F' 'a-f')"
    if [ -n "$FP" ]; then
      {
        echo "name: $P-cert2"
        echo "type: client"
        echo "restricted: true"
        echo "projects:"
        echo "- $P-prj"
        echo "certificate: |"
        sed 's/^/  /' "$WORK/client.crt"
      } >"$WORK/cert.yaml"
      step_in "certificate edit" "$WORK/cert.yaml" lxc config trust edit "$FP"
      step "certificate remove" lxc config trust remove "$FP"
    fi
  else
    say "skip certificate add (openssl failed)"
  fi
else
  say "skip certificate add (no openssl)"
fi
# Tokens need a network listener; open one on loopback only if none is set, and
# close it again afterwards (config-updated x2, revoke => operation-cancelled).
HTTPS_SET=0
if [ -z "$(q lxc config get core.https_address)" ]; then
  step "server listen on loopback (for tokens)" lxc config set core.https_address "127.0.0.1:$(( 20000 + 16#${RUN:0:4} % 20000 ))"
  HTTPS_SET=1
fi
step "certificate token create" lxc config trust add --name "$P-tok"
step "certificate token revoke" lxc config trust revoke-token "$P-tok"
if [ "$HTTPS_SET" = 1 ]; then step "server stop listening" lxc config unset core.https_address; fi

# ---------------------------------------------------------------- images
IMG=""
BB="$(command -v busybox || true)"
BB_OK=0
if [ -n "$BB" ]; then
  if have file; then file -L "$BB" 2>/dev/null | grep -q 'statically linked' && BB_OK=1; else BB_OK=1; fi
fi
if [ "$BB_OK" = 1 ]; then
  R="$WORK/rootfs"
  mkdir -p "$R"/{bin,sbin,etc,proc,sys,dev,tmp,root,run,var/log,usr/bin,usr/sbin,mnt}
  cp "$BB" "$R/bin/busybox"
  for a in sh ash ls cat echo sleep mount umount hostname ip ps rm mkdir touch uname true false; do ln -sf busybox "$R/bin/$a"; done
  ln -sf ../bin/busybox "$R/sbin/init"
  ln -sf ../bin/busybox "$R/sbin/poweroff"
  ln -sf ../bin/busybox "$R/sbin/halt"
  cat >"$R/etc/inittab" <<'EOF'
::sysinit:/bin/busybox mount -t tmpfs tmpfs /tmp
::sysinit:/bin/busybox mkdir -p /run
::respawn:/bin/busybox sleep 3600
::shutdown:/bin/busybox true
EOF
  echo "root:x:0:0:root:/root:/bin/sh" >"$R/etc/passwd"
  echo "root:x:0:" >"$R/etc/group"
  echo "evcat" >"$R/etc/hostname"
  mkdir -p "$WORK/meta/templates"
  printf 'hostname: {{ container.name }}\n' >"$WORK/meta/templates/hostname.tpl"
  cat >"$WORK/meta/metadata.yaml" <<EOF
architecture: $(uname -m)
creation_date: $(date +%s)
properties:
  description: evcat drive busybox $RUN
  os: busybox
  release: "1"
templates:
  /etc/hostname:
    when:
    - create
    - copy
    template: hostname.tpl
EOF
  if tar -C "$R" -czf "$WORK/rootfs.tar.gz" . && tar -C "$WORK/meta" -czf "$WORK/meta.tar.gz" metadata.yaml templates; then
    step "image import (split)" lxc image import "$WORK/meta.tar.gz" "$WORK/rootfs.tar.gz" --alias "$P-img"
    IMG="$(q lxc image alias list --format csv | grep -E "^$P-img," | cut -d, -f2)"
    IMG_FP="$(q lxc image info "$P-img" | awk '/^Fingerprint:/ {print $2}')"
  fi
else
  say "skip image build (no static busybox)"
fi
if [ -n "$IMG" ] && [ -n "${IMG_FP:-}" ]; then
  step "image alias create" lxc image alias create "$P-al" "$IMG_FP"
  step "image alias rename" lxc image alias rename "$P-al" "$P-al2"
  # PATCH on an alias dead-locks the 5.0.2 database (20 s "context deadline exceeded"); PUT works.
  step "image alias update (PUT)" lxc query -X PUT -d "{\"description\":\"evcat alias\",\"target\":\"$IMG_FP\"}" "/1.0/images/aliases/$P-al2"
  step "image alias delete" lxc image alias delete "$P-al2"
  lxc image show "$P-img" 2>/dev/null | sed -e 's/^public: false/public: true/' -e 's/^auto_update: .*/auto_update: false/' \
    -e "s/^  description: .*/  description: evcat drive busybox $RUN (edited)/" >"$WORK/image.yaml"
  step_in "image edit" "$WORK/image.yaml" lxc image edit "$P-img"
  # A secret is a token operation that lives until used; cancel it (operation-cancelled).
  step "image secret (POST)" lxc query -X POST -d '{}' "/1.0/images/$IMG_FP/secret"
  SOP="$(grep -oE '"id": *"[0-9a-f-]{36}"' "$OUT" | head -n1 | grep -oE '[0-9a-f-]{36}')"
  if [ -n "$SOP" ]; then step "operation cancel (image secret)" lxc operation delete "$SOP"; fi
  step "image export" lxc image export "$P-img" "$WORK/exported"
  step "image refresh (no remote source, expected to fail)" lxc image refresh "$P-img"
fi

# ---------------------------------------------------------------- instances
C="$P-c1"
INST_OK=0
if [ -n "$IMG" ]; then
  step "instance init" lxc init "$P-img" "$P-c0"
  step "instance delete (never started)" lxc delete "$P-c0"
  step "instance launch" lxc launch "$P-img" "$C" -p default -p "$P-prof2"
  if [ "$(q lxc list "^$C\$" --format csv -c s)" = RUNNING ]; then INST_OK=1; fi
fi
if [ "$INST_OK" = 1 ]; then
  step "instance exec" lxc exec "$C" -- sh -c 'echo hello from evcat; uname -a'
  step "instance exec non-zero (expected to fail)" lxc exec "$C" -- sh -c 'exit 3'
  printf 'evcat file <&> "quoted"\n' >"$WORK/hello.txt"
  step "instance file push" lxc file push "$WORK/hello.txt" "$C/root/hello.txt"
  step "instance file pull" lxc file pull "$C/root/hello.txt" "$WORK/hello.pulled"
  step "instance file delete" lxc file delete "$C/root/hello.txt"
  step "instance config set" lxc config set "$C" limits.memory 64MB
  step "instance config unset" lxc config unset "$C" limits.memory
  step "instance device add (volume attach)" lxc storage volume attach "$POOL" "$V" "$C" /mnt/vol
  step "instance device remove (volume detach)" lxc storage volume detach "$POOL" "$V" "$C"
  step "instance device add (disk)" lxc config device add "$C" hosttmp disk source=/tmp path=/mnt/hosttmp readonly=true
  step "instance device remove" lxc config device remove "$C" hosttmp
  step "instance metadata show" lxc config metadata show "$C"
  lxc config metadata show "$C" 2>/dev/null | sed "s/^  description: .*/  description: evcat metadata edited/" >"$WORK/meta-edit.yaml"
  step_in "instance metadata edit" "$WORK/meta-edit.yaml" lxc config metadata edit "$C"
  printf 'evcat template {{ container.name }}\n' >"$WORK/tpl.tpl"
  step_in "instance template create" "$WORK/tpl.tpl" lxc config template create "$C" evcat.tpl
  step "instance template show" lxc config template show "$C" evcat.tpl
  step "instance template delete" lxc config template delete "$C" evcat.tpl
  step "instance console log (no console log file in 5.0.2, expected to fail)" lxc console "$C" --show-log
  step "instance console log reset (DELETE)" lxc query -X DELETE "/1.0/instances/$C/console"
  if have script; then
    # lxc console needs a tty: run it under script(1) and let timeout end it.
    timeout "$T" script -qec "timeout 3 lxc console $C" /dev/null </dev/null >/dev/null 2>&1
    say "ok   instance console attach (3 s under script)"
  fi
  step "instance log get" lxc query --raw "/1.0/instances/$C/logs/lxc.log"
  step "instance exec record-output (POST)" lxc query -X POST --wait -d '{"command":["sh","-c","echo recorded"],"record-output":true,"interactive":false,"wait-for-websocket":false}' "/1.0/instances/$C/exec"
  XLOG="$(q lxc query "/1.0/instances/$C/logs" | grep -oE 'logs/[^"]*exec[^"]*' | head -n1 | sed 's|^logs/||')"
  if [ -n "$XLOG" ]; then
    step "instance exec-output delete" lxc query -X DELETE "/1.0/instances/$C/logs/$XLOG"
  fi
  step "instance pause" lxc pause "$C"
  step "instance resume" lxc start "$C"
  step "instance restart (force)" lxc restart -f "$C"
  step "instance snapshot" lxc snapshot "$C" snap0
  step "instance snapshot (2)" lxc snapshot "$C" snap1
  step "instance snapshot update (PATCH)" lxc query -X PATCH -d '{"expires_at":"2099-01-01T00:00:00Z"}' "/1.0/instances/$C/snapshots/snap1"
  step "instance snapshot rename" lxc rename "$C/snap1" "$C/snapB"
  step "instance restore" lxc restore "$C" snap0
  step "instance snapshot delete" lxc delete "$C/snapB"
  step "instance copy (running, snapshot-less)" lxc copy "$C" "$P-c2" --instance-only
  step "instance stop (graceful, short timeout)" lxc stop "$C" --timeout 5
  if [ "$(q lxc list "^$C\$" --format csv -c s)" != STOPPED ]; then
    step "instance stop (force)" lxc stop -f "$C"
  fi
  step "instance rename" lxc move "$C" "$P-c1r"
  C="$P-c1r"
  step "instance backup create (POST)" lxc query -X POST --wait -d '{"name":"bk0","instance_only":true}' "/1.0/instances/$C/backups"
  step "instance backup rename (POST)" lxc query -X POST --wait -d '{"name":"bk1"}' "/1.0/instances/$C/backups/bk0"
  step "instance backup delete (DELETE)" lxc query -X DELETE --wait "/1.0/instances/$C/backups/bk1"
  step "instance export" lxc export "$C" "$WORK/inst.tar.gz" --instance-only
  step "instance import" lxc import "$WORK/inst.tar.gz" "$P-c3"
  step "instance publish" lxc publish "$C" --alias "$P-pub"
  step "image delete (published)" lxc image delete "$P-pub"
  step "instance launch in project" lxc launch "$P-img" "$P-pc" --project "$P-prj"
  step "instance snapshot in project" lxc snapshot "$P-pc" s0 --project "$P-prj"
  step "volume create in project" lxc storage volume create "$POOL" "$P-pvol" --project "$P-prj"
  step "volume delete in project" lxc storage volume delete "$POOL" "$P-pvol" --project "$P-prj"
  step "instance delete in project (force)" lxc delete -f "$P-pc" --project "$P-prj"
  step "instance delete (force, running copy)" lxc delete -f "$P-c2"
  step "instance delete (imported)" lxc delete -f "$P-c3"
  step "instance delete" lxc delete "$C"
else
  say "skip instance steps (no image or instance did not start)"
  [ -n "$IMG" ] && q lxc delete -f "$C"
fi

# ---------------------------------------------------------------- teardown
FAILED_BEFORE_TEARDOWN=$FAILED
step "volume delete" lxc storage volume delete "$POOL" "$V"
step "storage pool delete" lxc storage delete "$P-pool"
if [ -n "$IMG" ]; then step "image delete" lxc image delete "$P-img"; fi
step "profile delete" lxc profile delete "$P-prof2"
step "network delete" lxc network delete "$NET"
step "project delete (2)" lxc project delete "$P-prj2"
step "project delete" lxc project delete "$P-prj"
if [ "$FAILED" != "$FAILED_BEFORE_TEARDOWN" ]; then say "teardown incomplete; sweeping"; sweep; fi

say "done: ok=$OK failed=$FAILED instances=$([ "$INST_OK" = 1 ] && echo yes || echo no)"
exit 0
