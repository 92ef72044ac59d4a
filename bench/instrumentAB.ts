/**
 * Compare-hook overhead before and after, side by side in one process: each CommonJS package of
 * instrumentInputs.ts is loaded plain, instrumented by this checkout and by git revision REF (a
 * copy of its sources under the cache, as bench/instrument.ts -against makes), with compare hooks off and on,
 * and the rounds of all copies alternate, so load from other processes falls on all of them alike
 * (bench/instrument.ts runs each configuration in its own process, which on a shared 2-core machine
 * spread the same configuration by ±0.1). A round is timed in the thread's CPU time; the table
 * shows the fastest round of each copy. Ratio = instrumented / plain.
 *
 *   bun bench/instrumentAB.ts [-against=main] [-rounds=60] [-packages=acorn,js-yaml]
 */
import { dlopen, ptr } from "bun:ffi";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { inputsFor, TARGETS } from "./instrumentInputs.ts";
import { checkoutOf } from "./lib.ts";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`-${name}=`))?.slice(name.length + 2);
const ref = arg("against") ?? "main";
const rounds = Number(arg("rounds") ?? 60);
const names = arg("packages")?.split(",");

const libc = dlopen("libc.so.6", { clock_gettime: { args: ["i32", "ptr"], returns: "i32" } });
const ts = new BigInt64Array(2), at = ptr(ts);
const cpuNs = () => { libc.symbols.clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, at); return Number(ts[0]) * 1e9 + Number(ts[1]); };
const sink = { allocCounters: (_: string, n: number) => new Uint8Array(n), recordInts: () => {}, recordBytes: () => {} };

interface Copy { name: string; exports: any; next?: () => void }

async function copies(pkgPath: string, src: string): Promise<Copy[]> {
  const req = createRequire(pkgPath);
  const load = (code: string, global: Record<string, unknown>) => {
    const module = { exports: {} as any };
    new Function("module", "exports", "require", "globalThis", code)(module, module.exports, req, global);
    return module.exports;
  };
  const out: Copy[] = [{ name: "plain", exports: load(src, {}) }];
  for (const [label, root] of [["", PROJECT_ROOT], [` @${ref}`, checkoutOf(ref)]] as const) {
    const { createRuntime } = await import(join(root, "src/instrument/runtime.ts"));
    const { instrumentSource } = await import(join(root, "src/instrument/transform.ts"));
    for (const cmp of [false, true]) {
      const rt = createRuntime(sink);
      const code = instrumentSource(src, `${pkgPath}#${label}${cmp}`, { moduleKind: "cjs", compareHooks: cmp }).code;
      out.push({ name: `cmp ${cmp ? "on" : "off"}${label}`, exports: load(code, { __bunfuzz_module: rt.moduleInit }), next: () => rt.nextExecution() });
    }
  }
  return out;
}

console.warn = () => {}; // Papa Parse warns about duplicate headers
const rows: string[] = [];
let head = "";
for (const t of TARGETS.filter((x) => x.kind === "cjs" && (!names || names.includes(x.pkg)))) {
  const path = join(PROJECT_ROOT, "node_modules", t.pkg, t.entry);
  const cs = await copies(path, readFileSync(path, "utf8"));
  const inputs = inputsFor(t, 300);
  const best = cs.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    for (const [i, c] of cs.entries()) {
      const t0 = cpuNs();
      for (let k = 0; k < inputs.length; k++) { c.next?.(); t.run(c.exports, inputs[k]!, k); }
      if (r >= 3) best[i] = Math.min(best[i]!, cpuNs() - t0); // the first rounds warm the JIT up
    }
  }
  head = `| package | plain µs/input | ${cs.slice(1).map((c) => c.name).join(" | ")} |\n|---|---:|${cs.slice(1).map(() => "---:").join("|")}|`;
  rows.push(`| ${t.pkg}${t.heldOut ? " (held out)" : ""} | ${(best[0]! / inputs.length / 1000).toFixed(1)} | ${cs.slice(1).map((_, i) => `${(best[i + 1]! / best[0]!).toFixed(2)}x`).join(" | ")} |`);
  process.stderr.write(`${t.pkg} done\n`);
}
console.log(`Instrumented / plain, fastest of ${rounds} interleaved rounds of 300 inputs each, thread CPU time, this checkout against ${ref}:\n`);
console.log([head, ...rows].join("\n"));
