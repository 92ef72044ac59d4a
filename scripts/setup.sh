#!/usr/bin/env bash
# Installs what bunfuzz needs on a fresh machine, and nothing that is already there:
#   - Bun and the JS dependencies (npm install; Bun comes from npm's `bun` package),
#   - Zig, for `zig cc` (pip's `ziglang` package), unless zig is on PATH,
#   - clang-14 with libFuzzer and the sanitizer runtimes (Debian packages), used for ASan targets
#     and the side-by-side libFuzzer benchmark, and patch/bzip2/xz for Debian source packages.
#     Needs root; skipped with a note otherwise.
#   - for checking coverage reports as a person and a tool would: lcov (genhtml reads our lcov.info)
#     and chromium (headless, renders the HTML report in a test). Optional: when they cannot be
#     installed, those tests are skipped with a note.
# Idempotent: a second run checks and returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

# npm records what it installed in node_modules/.package-lock.json: a package.json or lock file
# newer than that (a pull that added a dependency) installs again.
stamp=node_modules/.package-lock.json
if ! node_modules/.bin/bun --version >/dev/null 2>&1 || [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "installing Bun and JS dependencies (npm install)"
  npm install --no-audit --no-fund --loglevel=error
fi

if ! command -v zig >/dev/null 2>&1 && ! python3 -c 'import ziglang' >/dev/null 2>&1; then
  say "installing Zig (pip install ziglang)"
  python3 -m pip install --quiet --disable-pip-version-check 'ziglang==0.17.1' \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages 'ziglang==0.17.1'
fi

# Unpacking and patching Debian source packages (targets/c/*): patch, bzip2 and xz are not on every
# minimal image.
apt_missing=()
command -v patch >/dev/null 2>&1 || apt_missing+=(patch)
command -v bzip2 >/dev/null 2>&1 || apt_missing+=(bzip2)
command -v xz >/dev/null 2>&1 || apt_missing+=(xz-utils)
asan_rt=$(ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.so 2>/dev/null | head -n1 || true)
if [ -z "$asan_rt" ] || ! command -v clang-14 >/dev/null 2>&1; then apt_missing+=(clang-14 libclang-rt-14-dev); fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${apt_missing[*]} (apt-get)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null
  else
    say "missing ${apt_missing[*]} and this is not root: install them, or ASan targets, patched sources and the libFuzzer benchmark will not work"
  fi
fi

optional_missing=()
command -v genhtml >/dev/null 2>&1 || optional_missing+=(lcov)
command -v chromium >/dev/null 2>&1 || optional_missing+=(chromium)
if [ ${#optional_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${optional_missing[*]} (apt-get; for the coverage report tests)"
    install_optional() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${optional_missing[@]}" >/dev/null 2>&1; }
    install_optional || { apt-get update -qq >/dev/null 2>&1 && install_optional; } \
      || say "could not install ${optional_missing[*]}: the tests that need them are skipped with a note"
  else
    say "missing ${optional_missing[*]}: the coverage report tests that need them are skipped with a note"
  fi
fi
