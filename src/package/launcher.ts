/**
 * The executable `bunfuzz package` writes as OUT_DIR/NAME: a POSIX shell script that runs
 * `bunfuzz fuzz` on the target's payload with the runtime's Bun, passing every argument through,
 * so `./NAME [libFuzzer flags] [corpus dirs | files]` behaves as a libFuzzer binary.
 *
 * What the fuzzing infrastructure checks, from its own code:
 *  - ClusterFuzz (bot/fuzzers/utils.py is_fuzz_target_local) and OSS-Fuzz (infra/utils.py): a name
 *    matching [a-zA-Z0-9@_.-]+ with no extension other than .exe/.par, and, unless the name ends in
 *    `_fuzzer`, the bytes `LLVMFuzzerTestOneInput` in the file; OSS-Fuzz's build check
 *    (base-runner test_all.py) also wants it executable and an ELF file or a shell script, and skips
 *    names starting with `afl-` or `jazzer_`.
 *  - ClusterFuzz stops an overrunning target with SIGTERM to its pid: the script `exec`s Bun, so
 *    that pid is bunfuzz's supervisor, which stops its worker and exits 72 (interrupted).
 *  - ClusterFuzz's libFuzzer engine uses the two-step merge (-merge_control_file) only when the
 *    target contains libFuzzer's text "fuzz target overwrites its const input" (engine.py,
 *    _is_multistep_merge_supported); the script carries it only when bunfuzz implements that flag.
 *  - OSS-Fuzz's build check moves $OUT elsewhere to catch hard-coded paths: the script finds its
 *    payload relative to itself.
 */
import { OPTIONS } from "../options/table.ts";
import { RUNTIME_ASAN, RUNTIME_BUN, RUNTIME_DIR, RUNTIME_MAIN } from "./runtime.ts";

/** The first lines of every launcher: how `bunfuzz package` recognises a file it may overwrite. */
export const LAUNCHER_MARK = "# bunfuzz fuzz target, written by `bunfuzz package`";

/** libFuzzer's own text that ClusterFuzz looks for to run a two-step merge with -merge_control_file. */
const MULTISTEP_MERGE_TOKEN = "fuzz target overwrites its const input";

/** Names a fuzz target may have: ClusterFuzz's VALID_TARGET_NAME_REGEX, without dots (a dot starts an extension). */
const VALID_NAME = /^[A-Za-z0-9@_-]+$/;

/**
 * Why `name` cannot be a packaged target's name (undefined: it can). The rules are ClusterFuzz's and
 * OSS-Fuzz's (see above), plus the runtime folder's own name.
 */
export function targetNameProblem(name: string): string | undefined {
  if (!VALID_NAME.test(name)) return "a fuzz target's name has only letters, digits, _, - and @ (no dot: ClusterFuzz would read the rest as an extension)";
  if (/^(afl-|jazzer_)/.test(name) || name === "llvm-symbolizer") return "OSS-Fuzz's build check skips names starting with afl- or jazzer_, and llvm-symbolizer";
  if (name === RUNTIME_DIR) return `${RUNTIME_DIR} is the shared runtime's folder`;
  return undefined;
}

/** Whether bunfuzz implements -merge_control_file (a row with libFuzzer's meaning, not one accepted and ignored). */
function supportsMergeControlFile(): boolean {
  const row = (OPTIONS as readonly { name: string; libfuzzer?: { status: string } }[]).find((r) => r.name === "merge_control_file");
  return !!row && (row.libfuzzer?.status ?? "implemented") === "implemented";
}

/** Shell single quotes around a path made of our own names (validated: no quote inside). */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The launcher for target `name`, whose payload file is `payload` (relative to the output
 * directory). `asan`: the worker preloads the runtime's copy of clang's ASan runtime (unless
 * BUNFUZZ_ASAN_RUNTIME names another).
 */
export function launcherScript(name: string, payload: string, asan: boolean): string {
  const lines = [
    "#!/bin/sh",
    LAUNCHER_MARK,
    `# ./${name} [libFuzzer flags] [corpus dirs | files]: bunfuzz fuzz on ${payload}, with Bun and bunfuzz`,
    `# from ${RUNTIME_DIR}/ beside this file (no compiler, no network, no Bun needed on the machine).`,
    "# ClusterFuzz and OSS-Fuzz recognise a fuzz target by these bytes: LLVMFuzzerTestOneInput.",
    ...(supportsMergeControlFile() ? [`# Two-step merge (-merge_control_file) is supported; ClusterFuzz looks for: ${MULTISTEP_MERGE_TOKEN}.`] : []),
    `self=$(readlink -f -- "$0" 2>/dev/null) || self=$0`,
    `here=$(CDPATH= cd -- "$(dirname -- "$self")" && pwd) || exit 5`,
    `rt="$here"/${q(RUNTIME_DIR)}`,
    ...(asan ? [`BUNFUZZ_ASAN_RUNTIME=\${BUNFUZZ_ASAN_RUNTIME:-"$rt"/${q(RUNTIME_ASAN)}}`, "export BUNFUZZ_ASAN_RUNTIME"] : []),
    // bunfuzz prints this command (plus the finding's flags and file) to reproduce a finding.
    `BUNFUZZ_REPRODUCE_COMMAND="$0"`,
    "export BUNFUZZ_REPRODUCE_COMMAND",
    `exec "$rt"/${q(RUNTIME_BUN)} "$rt"/${q(RUNTIME_MAIN)} fuzz "$here"/${q(payload)} "$@"`,
    "",
  ];
  return lines.join("\n");
}
