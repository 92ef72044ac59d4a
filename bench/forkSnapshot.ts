/**
 * Can a fork server snapshot a Bun worker after a prefix (issue 18 item 3)? Measures, with
 * bench/native/fork_snapshot.c built by clang-14:
 *  - fork + native suffix + wait from a Bun process (bun:ffi; a JS heap of a fresh worker, then
 *    one grown to ~320 MB), against the suffix run in-process and against fork + wait from a plain
 *    C process with a heap of the same sizes;
 *  - whether the child may call back into JavaScript (a JSCallback: trivial, allocating, GC).
 * Prints Markdown tables. The Bun half runs in a child process (`--bun-half`), whose crashing
 * grandchildren's reports are counted, not shown.
 *
 *   bun bench/forkSnapshot.ts
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { runBuild } from "../src/build/toolchain.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";
import { table } from "./lib.ts";

const SRC = join(PROJECT_ROOT, "bench/native/fork_snapshot.c");
const DIR = join(CACHE_DIR, "bench-fork");
const SO = join(DIR, "libfork_snapshot.so"), EXE = join(DIR, "fork_snapshot");

async function bunHalf(): Promise<void> {
  // bun:ffi outside src/coverage/ffi.ts: this file measures FFI and fork themselves, apart from the engine.
  const { dlopen, JSCallback, ptr } = await import("bun:ffi");
  const lib = dlopen(SO, {
    setup: { args: [], returns: "i32" }, prefix: { args: ["i32"], returns: "void" },
    fork_run: { args: ["ptr", "i32", "i32"], returns: "i32" }, result: { args: [], returns: "u64" },
    inproc: { args: ["ptr", "i32"], returns: "u64" }, fork_callback: { args: ["ptr", "i32"], returns: "i32" },
  });
  const s = lib.symbols;
  s.setup();
  s.prefix(1_000_000);
  const data = new Uint8Array(64).map((_, i) => i * 7), p = ptr(data);
  const rss = () => Math.round(process.memoryUsage.rss() / 2 ** 20);
  const time = (n: number, f: () => unknown) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) f();
    return (performance.now() - t) * 1000 / n;
  };
  const rows: (string | number)[][] = [];
  let failed = 0;
  rows.push(["suffix in-process", time(200_000, () => s.inproc(p, 64)).toFixed(2), rss()]);
  rows.push(["fork + suffix + wait", time(2000, () => { if (s.fork_run(p, 64, 0) !== 0) failed++; }).toFixed(1), rss()]);
  rows.push(["fork + suffix with malloc + wait", time(2000, () => { if (s.fork_run(p, 64, 1) !== 0) failed++; }).toFixed(1), rss()]);
  const same = s.result() === s.inproc(p, 64);
  const heap: number[][] = [];
  for (let i = 0; i < 40; i++) heap.push(new Array(1_000_000).fill(i));
  rows.push([`fork + suffix + wait, JS heap grown (${heap.length} arrays)`, time(300, () => { if (s.fork_run(p, 64, 0) !== 0) failed++; }).toFixed(1), rss()]);
  const callbacks: (string | number)[][] = [];
  for (const [name, fn] of [
    ["trivial (x + 1)", (x: bigint) => x + 1n],
    ["allocating 1e6 objects", (x: bigint) => { const a: unknown[] = []; for (let i = 0; i < 1e6; i++) a.push({ i }); return x + BigInt(a.length); }],
    ["forcing a GC", (x: bigint) => { Bun.gc(true); return x; }],
  ] as const) {
    const cb = new JSCallback(fn, { args: ["u64"], returns: "u64" });
    const outcomes: number[] = [];
    for (let i = 0; i < 5; i++) outcomes.push(s.fork_callback(cb.ptr!, 3000));
    callbacks.push([name, outcomes.map((o) => (o === 0 ? "ok" : o === -3 ? "hung" : o > 128 ? `signal ${o - 128}` : `exit ${o}`)).join(", ")]);
  }
  process.stdout.write(JSON.stringify({ rows, callbacks, failed, same }));
}

if (process.argv.includes("--bun-half")) {
  await bunHalf();
} else {
  mkdirSync(DIR, { recursive: true });
  runBuild(["clang-14", "-O2", "-shared", "-fPIC", SRC, "-o", SO], { quiet: true, what: "fork_snapshot.so" });
  runBuild(["clang-14", "-O2", "-DFORK_MAIN", SRC, "-o", EXE], { quiet: true, what: "fork_snapshot" });
  const plain = [0, 45, 350].map((mb) => [`plain C process, ${mb} MB heap: fork + wait`, Bun.spawnSync([EXE, String(mb)]).stdout.toString().trim(), mb]);
  const r = Bun.spawnSync([process.execPath, import.meta.path, "--bun-half"], { stdout: "pipe", stderr: "pipe" });
  const half = JSON.parse(r.stdout.toString()) as { rows: (string | number)[][]; callbacks: (string | number)[][]; failed: number; same: boolean };
  const panics = (r.stderr.toString().match(/panic\(main thread\)/g) ?? []).length;
  const out = [
    `# Fork snapshots under Bun (${new Date().toISOString().slice(0, 10)})`, "command: bun bench/forkSnapshot.ts", "",
    "## Microseconds per call", "",
    table(["what", "µs per call", "RSS MB"], [...half.rows, ...plain]), "",
    `Native-only children: ${half.failed} failed; the child's result (through a MAP_SHARED page) matched the in-process suffix: ${half.same}.`, "",
    "## A forked child calling back into JavaScript (JSCallback), 5 tries each", "",
    table(["callback", "outcomes"], half.callbacks), "",
    `Bun crash reports printed by the children: ${panics}.`, "",
  ].join("\n");
  process.stdout.write(out);
}
