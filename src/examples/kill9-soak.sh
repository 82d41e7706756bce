#!/usr/bin/env bash
# kill -9 soak: kills a fleet (or a storm) at random moments while it renews certificates, restarts
# it, and checks after every kill that each saved certificate is paired with its own key and that
# the restart completes the renewal. Bounded: KILLS kills (default 10), each step with a timeout.
#
#   src/examples/kill9-soak.sh fleet [KILLS] [DEVICES]   # default 10 kills, 3 devices
#   src/examples/kill9-soak.sh storm [KILLS] [DEVICES]   # default 10 kills, 20 devices
#
# Needs sshpass and ssh (Debian: apt-get install sshpass openssh-client) for the fleet.
# See src/site/markdown/testing.md ("Crash safety").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fwsim="$root/fwsim"
mode="${1:-fleet}"
kills="${2:-10}"
work="$(mktemp -d /tmp/fwsim-soak.XXXXXX)"
"$fwsim" --version >/dev/null # builds once, before any timing
log() { printf '%s\n' "$*" >&2; }
random_ms() { echo $(( (RANDOM % ($1 + 1)) )); }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# ---------------------------------------------------------------------------------------------
# fleet: devices enroll 'soak' from the embedded CA with auto-regenerate-days 7. Each round sets
# the shared clock 360 days on (every certificate is then 5 days from expiry and renews at once),
# kills the fleet 0-4 s later, checks the saved pairs, restarts, sets the clock again and waits
# until every saved certificate is a renewed one (valid 30 days after the round's time).
# ---------------------------------------------------------------------------------------------
fleet_soak() {
  local devices="${1:-3}" dir="$work/fleet" pid=""
  mkdir -p "$dir"
  echo "soak-$RANDOM$RANDOM" >"$work/challenge"
  local ssh=(sshpass -p fwsim ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
             -o LogLevel=ERROR -o ConnectTimeout=10)
  start() {
    "$fwsim" fleet --devices "$devices" --dir "$dir" --challenge-file "$work/challenge" \
      >"$work/fleet.log" 2>&1 &
    pid=$!
    for _ in $(seq 120); do
      grep -q "Fleet ready" "$work/fleet.log" && return 0
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    log "the fleet did not start:"; cat "$work/fleet.log" >&2; exit 1
  }
  hosts() { tail -n +2 "$dir/inventory.csv" | cut -d, -f4 | cut -d: -f1; }
  on() { local h="$1"; shift; "${ssh[@]}" "admin@$h" "$@"; }
  set_clock() { on "$(hosts | head -1)" "sim clock set $(date -u -d "@$1" '+%Y-%m-%d %H:%M:%S')" >/dev/null; }
  # check-pairs at time $1 (+30 days): 0 all paired and renewed, 2 paired but not all renewed.
  pairs() {
    local at; at="$(date -u -d "@$(($1 + 30 * 86400))" '+%Y-%m-%dT%H:%M:%SZ')"
    "$fwsim" check-pairs --valid-at "$at" "$dir/devices" >"$work/pairs.txt" 2>&1 && return 0
    return $?
  }
  start
  local t; t=$(date -u +%s)
  local challenge; challenge="$(cat "$work/challenge")"
  local i=0
  for h in $(hosts); do
    on "$h" "execute vpn certificate local generate rsa soak 2048 FGT-$i NL NH Amsterdam Fortinet \"\" \"\" \"\" http://10.5.149.111/app/cert/scep/ $challenge
config vpn certificate local
edit soak
set auto-regenerate-days 7
next
end" >/dev/null
    i=$((i + 1))
  done
  for _ in $(seq 60); do
    "$fwsim" check-pairs "$dir/devices" >"$work/pairs.txt" 2>&1 &&
      grep -q "^certificates $devices," "$work/pairs.txt" && break
    sleep 1
  done
  grep -q "^certificates $devices, paired $devices" "$work/pairs.txt" ||
    { log "enrollment did not complete:"; cat "$work/pairs.txt" >&2; exit 1; }

  printf '| kill | after | certificates | paired after the kill | renewed before the kill | renewed after the restart | restart to all renewed |\n'
  printf '| --- | --- | --- | --- | --- | --- | --- |\n'
  local failures=0
  for k in $(seq "$kills"); do
    t=$((t + 360 * 86400))
    set_clock "$t"
    local delay; delay=$(random_ms 4000)
    sleep_ms "$delay"
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    local rc=0; pairs "$t" || rc=$?
    local paired renewed_before
    paired="$(sed -n 's/^certificates [0-9]*, paired \([0-9]*\).*/\1/p' "$work/pairs.txt")"
    renewed_before="$(sed -n 's/.* valid at [^ ]* \([0-9]*\)$/\1/p' "$work/pairs.txt")"
    [ "$rc" -le 2 ] && [ "$paired" = "$devices" ] || failures=$((failures + 1))
    local restarted; restarted=$(date +%s)
    start
    set_clock "$t"
    rc=2
    for _ in $(seq 90); do
      rc=0; pairs "$t" || rc=$?
      [ "$rc" -eq 0 ] && break
      sleep 1
    done
    local renewed_after
    renewed_after="$(sed -n 's/.* valid at [^ ]* \([0-9]*\)$/\1/p' "$work/pairs.txt")"
    [ "$rc" -eq 0 ] || failures=$((failures + 1))
    printf '| %d | %d ms | %d | %s | %s | %s | %d s |\n' "$k" "$delay" "$devices" "$paired" \
      "$renewed_before" "$renewed_after" $(($(date +%s) - restarted))
  done
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  "$fwsim" check-pairs "$dir/devices" | tail -1
  return "$failures"
}

# ---------------------------------------------------------------------------------------------
# storm: a storm keeps nothing across a kill (it is a benchmark run), so what must survive is
# what it leaves on disk: results.json (the previous run's, whole, or none) and the key store,
# and "a restart completes the work" means the next storm renews every certificate.
# ---------------------------------------------------------------------------------------------
storm_soak() {
  local devices="${1:-20}" out="$work/storm" failures=0
  printf '| kill | after | results.json after the kill | rerun: renewed | rerun |\n'
  printf '| --- | --- | --- | --- | --- |\n'
  for k in $(seq "$kills"); do
    "$fwsim" storm --devices "$devices" --key ec256 --out "$out" >"$work/storm.log" 2>&1 &
    local pid=$!
    local delay; delay=$((2000 + $(random_ms 20000)))
    sleep_ms "$delay"
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    local results="none"
    if [ -f "$out/results.json" ]; then
      if python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$out/results.json" 2>/dev/null
      then results="whole"; else results="TORN"; failures=$((failures + 1)); fi
    fi
    local started; started=$(date +%s)
    timeout 600 "$fwsim" storm --devices "$devices" --key ec256 --out "$out" >"$work/storm.log" 2>&1 ||
      failures=$((failures + 1))
    local renewed
    renewed="$(sed -n 's/.*renewed (a new certificate): \([0-9/]*\).*/\1/p' "$work/storm.log")"
    [ "$renewed" = "$((devices * 2))/$((devices * 2))" ] || failures=$((failures + 1))
    printf '| %d | %d ms | %s | %s | %d s |\n' "$k" "$delay" "$results" "${renewed:-none}" \
      $(($(date +%s) - started))
  done
  return "$failures"
}

rc=0
case "$mode" in
  fleet) fleet_soak "${3:-3}" || rc=$? ;;
  storm) storm_soak "${3:-20}" || rc=$? ;;
  *) log "usage: $0 fleet|storm [KILLS] [DEVICES]"; exit 64 ;;
esac
log "$mode: $kills kills, $rc failed checks ($work)"
exit "$rc"
