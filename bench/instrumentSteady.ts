/**
 * One configuration of one package of bench/instrument.ts, in this process, for a given time:
 * the fastest round of the package's 300 inputs, after running rounds for `seconds` (wall clock,
 * compiles included), so a long run shows the cost once the JIT has compiled everything. Also
 * "vm": the plain source evaluated by the plugin's CommonJS loader (src/instrument/commonjs.ts),
 * as instrumented CommonJS is, against "plain", loaded by `require`.
 *
 *   bun bench/instrumentSteady.ts PKG plain|vm|off|on SECONDS
 *
 * Prints one JSON line: µs per input of the fastest round, and the rounds run. Run it once per
 * process and configuration (a loop in the shell), inside /work/quiet.sh windows; the environment
 * reaches the instrumenter, so a variant of src/instrument can be switched by a variable.
 */
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CACHE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";
import { loadCommonJs } from "../src/instrument/commonjs.ts";
import { registerInstrumentation } from "../src/instrument/plugin.ts";
import { installRuntime, nextExecution } from "../src/instrument/runtime.ts";
import { inputsFor, TARGETS } from "./instrumentInputs.ts";

const [pkg, mode, seconds] = process.argv.slice(2);
const target = TARGETS.find((t) => t.pkg === pkg);
if (!target || !["plain", "vm", "off", "on"].includes(mode ?? "") || !(Number(seconds) > 0)) {
  throw new Error("usage: bun bench/instrumentSteady.ts PKG plain|vm|off|on SECONDS (PKG one of bench/instrumentInputs.ts TARGETS)");
}
const dir = join(CACHE_DIR, "bench-steady", "node_modules");
mkdirSync(dir, { recursive: true });
cpSync(join(PROJECT_ROOT, "node_modules", target.pkg), join(dir, target.pkg), { recursive: true });
const path = join(dir, target.pkg, target.entry);
if (mode === "off" || mode === "on") {
  // A sink as cheap as bench/instrument.ts's: counters are plain memory, records are dropped.
  installRuntime({ allocCounters: (_key: string, n: number) => new Uint8Array(n), recordInts() {}, recordBytes() {} });
  registerInstrumentation({ include: [`${dir}/${target.pkg}/**`], counterMode: "set", compareHooks: mode === "on", cacheDir: false });
}
const load = (): unknown => (target.kind === "esm" ? import(path) : require(path));
const mod = mode === "vm" ? loadCommonJs(path, readFileSync(path, "utf8")) : await load();
const inputs = inputsFor(target, 300);
const end = Bun.nanoseconds() + Number(seconds) * 1e9;
let best = Infinity, rounds = 0;
while (Bun.nanoseconds() < end) {
  const t0 = Bun.nanoseconds();
  for (let i = 0; i < inputs.length; i++) {
    nextExecution();
    target.run(mod, inputs[i]!, i);
  }
  best = Math.min(best, Bun.nanoseconds() - t0);
  rounds++;
}
console.log(JSON.stringify({ pkg, mode, usPerInput: best / inputs.length / 1000, rounds }));
