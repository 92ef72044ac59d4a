import { join } from "node:path";
import { installRuntime, nextExecution } from "../src/instrument/runtime.ts";
import { registerInstrumentation } from "../src/instrument/plugin.ts";
import { inputsFor, TARGETS } from "./instrumentInputs.ts";
import { CACHE_DIR } from "../src/util/paths.ts";
const DIR = join(CACHE_DIR, "bench-instrument");
const t = TARGETS.find((x) => x.pkg === process.argv[2])!;
let records = 0;
installRuntime({ allocCounters: (_k: string, n: number) => new Uint8Array(n), recordInts() { records++; }, recordBytes() { records++; } });
const counts: Record<string, number> = {};
const orig = (globalThis as any).__bunfuzz_module;
let queued = 0; const qs: Uint32Array[] = [];
(globalThis as any).__bunfuzz_module = (...a: any[]) => {
  const h = orig(...a);
  const w: any = { ...h };
  for (const k of Object.keys(h)) if (typeof h[k] === "function") w[k] = (...x: any[]) => { counts[k] = (counts[k] ?? 0) + 1; return h[k](...x); };
  qs.push(h.q);
  return w;
};
registerInstrumentation({ include: [`${DIR}/node_modules/${t.pkg}/**`], counterMode: "set", compareHooks: true, cacheDir: false });
const mod = t.kind === "esm" ? await import(join(DIR, "node_modules", t.pkg, t.entry)) : require(join(DIR, "node_modules", t.pkg, t.entry));
const inputs = inputsFor(t, 300);
for (let r = 0; r < 5; r++) for (let i = 0; i < inputs.length; i++) { for (const q of qs) queued += q[0]!; nextExecution(); t.run(mod, inputs[i]!, i); }
const n = 5 * inputs.length;
console.log(t.pkg, Object.entries(counts).map(([k, v]) => `${k} ${(v / n).toFixed(1)}`).join(", "), `queued ${(queued / n).toFixed(1)} records ${(records / n).toFixed(1)} per input`);
