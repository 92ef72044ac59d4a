#!/usr/bin/env bash
# Installs what bunfuzz needs on a fresh machine, and nothing that is already there:
#   - Bun and the JS dependencies (npm install; Bun comes from npm's `bun` package),
#   - Zig, for `zig cc` (pip's `ziglang` package), unless zig is on PATH,
#   - clang-14 with libFuzzer and the sanitizer runtimes (Debian packages), used for ASan targets
#     and the side-by-side libFuzzer benchmark. Needs root; skipped with a note otherwise.
# Idempotent: a second run checks and returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

if ! node_modules/.bin/bun --version >/dev/null 2>&1; then
  say "installing Bun and JS dependencies (npm install)"
  npm install --no-audit --no-fund --loglevel=error
fi

if ! command -v zig >/dev/null 2>&1 && ! python3 -c 'import ziglang' >/dev/null 2>&1; then
  say "installing Zig (pip install ziglang)"
  python3 -m pip install --quiet --disable-pip-version-check 'ziglang==0.17.1' \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages 'ziglang==0.17.1'
fi

asan_rt=$(ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.so 2>/dev/null | head -n1 || true)
if [ -z "$asan_rt" ] || ! command -v clang-14 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing clang-14, libFuzzer and sanitizer runtimes (apt-get)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null
  else
    say "clang-14 and libclang-rt-14-dev are missing and this is not root: ASan targets and the libFuzzer benchmark will not run"
  fi
fi
