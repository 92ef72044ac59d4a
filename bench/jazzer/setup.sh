#!/usr/bin/env bash
# Install Jazzer.js 4.0.0 into bench/jazzer/node_modules (git-ignored) and make
# its prebuilt native addon load on glibc < 2.38 (Debian 12 has 2.36).
# Idempotent: safe to run again; every run rebuilds the shim and the patched
# addon from the pristine copy of the addon that npm installed.
#
#   bash bench/jazzer/setup.sh           install + patch + load check
#   bash bench/jazzer/setup.sh --smoke   also fuzz example/fuzz.js until the planted bug
#
# See README.md in this folder for what is patched and why.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

VERSION=4.0.0
PREBUILDS=node_modules/@jazzer.js/fuzzer/prebuilds
ADDON=$PREBUILDS/fuzzer-linux-x64.node
ORIG=$ADDON.orig
SHIM_SONAME=libjazzerc23shim.so
# sha256 of prebuilds/fuzzer-linux-x64.node in @jazzer.js/fuzzer 4.0.0 as
# published (the patch script was written against exactly this file).
ADDON_SHA256=59ffc0d22ea37c5edcf3d8b9b76b1d964940461a9337d0b14068e378e7703ac9

log() { echo "[jazzer-setup] $*" >&2; }
die() { echo "[jazzer-setup] error: $*" >&2; exit 1; }

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || die "only Linux x86-64 is handled (got $(uname -s)-$(uname -m))"
command -v node >/dev/null || die "node not found (Node 18+ expected; /usr/bin/node is used here)"
command -v npm >/dev/null || die "npm not found"
command -v python3 >/dev/null || die "python3 not found"

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing $* with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >&2 \
      || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >&2; }
  else
    die "$* missing: install it (Debian: apt-get install $*)"
  fi
}
command -v patchelf >/dev/null || apt_install patchelf
command -v gcc >/dev/null || apt_install gcc libc6-dev

# 1. npm install (pinned by package.json + package-lock.json), only when needed.
installed_version() {
  node -p "require('./node_modules/@jazzer.js/$1/package.json').version" 2>/dev/null || true
}
if [ "$(installed_version core)" != "$VERSION" ] || [ "$(installed_version fuzzer)" != "$VERSION" ] \
   || [ ! -f node_modules/.bin/jazzer ]; then
  log "npm ci (@jazzer.js/core@$VERSION)"
  npm ci --no-audit --no-fund >&2
else
  log "@jazzer.js/core@$VERSION already installed"
fi

# 2. Keep the pristine addon as .orig (first run only) and check it.
if [ ! -f "$ORIG" ]; then
  [ -f "$ADDON" ] || die "$ADDON missing after npm ci"
  if [ "$(sha256sum "$ADDON" | cut -d' ' -f1)" != "$ADDON_SHA256" ]; then
    die "$ADDON is not the published 4.0.0 prebuild and no .orig exists: rm -rf $HERE/node_modules and rerun"
  fi
  cp -p "$ADDON" "$ORIG"
fi
[ "$(sha256sum "$ORIG" | cut -d' ' -f1)" = "$ADDON_SHA256" ] \
  || die "$ORIG does not match the published prebuild: rm -rf $HERE/node_modules and rerun"

# 3. Does the unmodified addon load here? (it does on glibc >= 2.38)
if node -e "process.dlopen({ exports: {} }, process.argv[1])" "$HERE/$ORIG" 2>/dev/null; then
  log "the published addon loads as is: no patch needed"
  cp -p "$ORIG" "$ADDON"
  rm -f "$PREBUILDS/$SHIM_SONAME"
else
  # 4. Build the C23 shim next to the addon (found through RUNPATH $ORIGIN).
  log "building $SHIM_SONAME from c23shim.c"
  gcc -O2 -fPIC -shared -Wall -Wextra -Werror \
    -Wl,-soname,"$SHIM_SONAME" -o "$PREBUILDS/$SHIM_SONAME" c23shim.c
  # 5. Patch a copy of the pristine addon into place.
  log "patching $ADDON"
  python3 patch-addon.py "$ORIG" "$ADDON" "$SHIM_SONAME" >&2
fi

# 6. Check: the addon loads (binding every symbol now) and the CLI starts.
LD_BIND_NOW=1 node -e "require('@jazzer.js/fuzzer')" \
  || die "patched addon still does not load"
log "addon loads; jazzer $(node node_modules/.bin/jazzer --version)"

if [ "${1:-}" = "--smoke" ]; then
  log "smoke test: fuzzing example/fuzz.js (expects the planted bug, exit 77)"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/corpus"
  set +e
  node node_modules/.bin/jazzer example/fuzz.js "$tmp/corpus" --sync -- \
    -max_total_time=60 -seed=1 -print_final_stats=1 -artifact_prefix="$tmp/" >"$tmp/log" 2>&1
  rc=$?
  set -e
  grep -E "Uncaught Exception|stat::(number_of_executed_units|average_exec_per_sec)|^Done" "$tmp/log" | sort -u >&2
  if [ "$rc" -ne 77 ] || ! grep -q "planted bug" "$tmp/log"; then
    tail -30 "$tmp/log" >&2
    die "smoke test did not find the planted bug (exit $rc)"
  fi
  log "smoke test found the planted bug"
fi
log "ok"
