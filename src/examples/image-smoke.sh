#!/usr/bin/env bash
# Runs the container image that `mvn -Pimage package` builds, the way the Kubernetes manifest
# (src/k8s/fwsim-storm-indexed-job.yaml) runs it, on a machine with no registry and no container
# engine: one CA container and N storm shards of one Indexed Job, then `report merge`.
#
#   sudo src/examples/image-smoke.sh [SHARDS] [DEVICES]        (defaults: 2 shards, 40 devices)
#
# Why this way: the image's usual base (eclipse-temurin:17-jre) comes from a registry. Here the
# base is made from this machine's JDK (jlink plus the shared libraries it loads) and handed to
# Jib as a tarball (`-Dfwsim.image.base=tar://...`); everything above the base is exactly what a
# registry build produces. Each "container" is the image's layers unpacked into one root, run
# with chroot under the image's own user, entrypoint, environment and the manifest's arguments;
# the JOB_COMPLETION_INDEX variable is set as Kubernetes sets it. Needs root (chroot, /proc).
set -euo pipefail

shards=${1:-2}
devices=${2:-40}
port=18081
challenge=image-smoke-challenge
project=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/fwsim-image-smoke.XXXXXX)
root=$work/rootfs

fail() { echo "image-smoke: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (chroot and a /proc mount)"
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -x "$java_home/bin/jlink" ] || fail "no jlink under $java_home: set JAVA_HOME to a JDK 17"

echo "== base image from $java_home (work: $work)"
base=$work/base-root
mkdir -p "$base/tmp" "$base/etc" "$work/base"
chmod 1777 "$base/tmp"
"$java_home/bin/jlink" --add-modules ALL-MODULE-PATH --strip-debug --no-man-pages \
  --no-header-files --output "$base/opt/java" 2>/dev/null
# The libraries the runtime loads, at the paths the dynamic loader looks for them.
for lib in $( { ldd "$base"/opt/java/bin/* "$base"/opt/java/lib/*.so "$base"/opt/java/lib/*/*.so \
    2>/dev/null || true; } | grep -o '=> /[^ ]*\|^\s*/[^ ]*' | grep -o '/[^ ]*' \
    | grep -v "^$base" | sort -u); do
  mkdir -p "$base$(dirname "$lib")"
  cp -L "$lib" "$base$lib"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nfwsim:x:65532:65532:fwsim:/tmp:/sbin/nologin\n' \
  > "$base/etc/passwd"
(cd "$base" && tar --numeric-owner -cf "$work/base/layer.tar" .)
diff_id=$(sha256sum "$work/base/layer.tar" | cut -d' ' -f1)
cat > "$work/base/config.json" <<EOF
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]}}
EOF
echo '[{"Config":"config.json","RepoTags":["fwsim-base:local"],"Layers":["layer.tar"]}]' \
  > "$work/base/manifest.json"
(cd "$work/base" && tar -cf "$work/base.tar" manifest.json config.json layer.tar)

echo "== image (mvn -Pimage package, base tar://$work/base.tar)"
(cd "$project" && mvn -B -q -Pimage package -DskipTests -Dspotless.check.skip=true -pl testbench \
  -am "-Dfwsim.image.base=tar://$work/base.tar")
image=$project/testbench/target/fwsim-image.tar
mkdir -p "$work/image" "$root"
tar -xf "$image" -C "$work/image"
config=$(tr -d '\n' < "$work/image/manifest.json" | grep -o '"Config":"[^"]*"' | cut -d'"' -f4)
layers=$(tr -d '\n' < "$work/image/manifest.json" | grep -o '"Layers":\[[^]]*\]' \
  | grep -o '[0-9a-f]*\.tar\.gz')
for layer in $layers; do tar --warning=no-unknown-keyword -xzf "$work/image/$layer" -C "$root"; done
image_config=$(tr -d '\n' < "$work/image/$config")
# The image's own entrypoint, environment and user: what a container engine would run.
mapfile -t entrypoint < <(echo "$image_config" | grep -o '"Entrypoint":\[[^]]*\]' \
  | sed 's/^"Entrypoint":\[//; s/\]$//' | grep -o '"[^"]*"' | tr -d '"')
mapfile -t environment < <(echo "$image_config" | grep -o '"Env":\[[^]]*\]' \
  | sed 's/^"Env":\[//; s/\]$//' | grep -o '"[^"]*"' | tr -d '"')
user=$(echo "$image_config" | grep -o '"User":"[^"]*"' | cut -d'"' -f4)
[ "${#entrypoint[@]}" -gt 0 ] || fail "the image has no entrypoint"
echo "entrypoint: ${entrypoint[*]}; user: $user"

mkdir -p "$root/proc" "$root/results" "$root/work"
chmod 1777 "$root/results"
mount -t proc proc "$root/proc"
pids=()
cleanup() {
  # Every process whose root is the image's: the containers, not only the shells that started them.
  for proc in /proc/[0-9]*; do
    [ "$(readlink "$proc/root" 2>/dev/null)" = "$root" ] && kill "${proc#/proc/}" 2>/dev/null
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  umount "$root/proc" 2>/dev/null || true
}
trap cleanup EXIT

container() { # NAME VAR=VALUE... -- ARGS...: the image run as a container would be
  local name=$1; shift
  local env=()
  while [ "$1" != -- ]; do env+=("$1"); shift; done
  shift
  env -i "${environment[@]}" "${env[@]}" "$(command -v chroot)" --userspec="$user:$user" "$root" \
    "${entrypoint[@]}" "$@" > "$work/$name.log" 2>&1
}

echo "== CA container (the manifest's Deployment, on 127.0.0.1:$port)"
container ca FWSIM_CHALLENGE=$challenge -- \
  ca --listen "127.0.0.1:$port" --validity-days 8 --time-window 2d &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/scep?operation=GetCACaps" > /dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || fail "the CA container ended: $(tail -3 "$work/ca.log")"
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/scep?operation=GetCACaps" > /dev/null || fail "CA not up in 60 s"

storm_at=$(date -u -d "+$((60 + devices / 2)) seconds" +%Y-%m-%dT%H:%M:%SZ)
echo "== $shards storm shards (the manifest's Indexed Job), storm at $storm_at"
shard_pids=()
for ((i = 0; i < shards; i++)); do
  container "shard-$i" JOB_COMPLETION_INDEX=$i FWSIM_CHALLENGE=$challenge -- \
    storm --devices "$devices" --vdoms 1 --shards "$shards" --ca "http://127.0.0.1:$port/scep" \
    --storm-at "$storm_at" --run-id image-smoke --fresh-keys --out "/results/image-smoke/shard-$i" &
  shard_pids+=($!)
done
status=0
for ((i = 0; i < shards; i++)); do
  wait "${shard_pids[$i]}" || { status=1; echo "shard $i failed:"; tail -5 "$work/shard-$i.log"; }
done
[ $status = 0 ] || fail "a shard failed (logs in $work)"

echo "== report merge"
dirs=()
for ((i = 0; i < shards; i++)); do dirs+=("/results/image-smoke/shard-$i"); done
container merge -- report merge "${dirs[@]}" --out /results/image-smoke/merged
cat "$work/merge.log"
merged=$root/results/image-smoke/merged/results.json
[ -s "$merged" ] || fail "no merged results.json"
renewed=$(grep -o 'Storm: [0-9]* renewed' "$work/merge.log" | grep -o '[0-9]*' || true)
[ "$renewed" = "$devices" ] || fail "merged report renewed ${renewed:-nothing} of $devices"
echo "image-smoke: ok, the image ran the CA and $shards shards; $renewed of $devices renewed ($merged)"
