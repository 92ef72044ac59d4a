/**
 * Smith against raw bytes through the real engine: the vault planted bug
 * (targets/js/planted/vault.ts) driven by vault_smith.ts (typed values, value mutators on) and by
 * vault_bytes.ts (the same logic parsing bytes by hand), same seeds, same budget, one core.
 * Reports executions and seconds to the crash per seed, and the medians.
 *
 *   bun bench/smithEngine.ts [-seeds=8] [-runs=3000000]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { CLI, flag, freshCorpus, pinned, ratio, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
const SEEDS = flag(argv, "seeds", 8), RUNS = flag(argv, "runs", 3_000_000);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]!; };

const harnesses = ["vault_smith", "vault_bytes"] as const;
const results: Record<string, { execs: number[]; secs: number[]; found: number }> = {};
for (const h of harnesses) results[h] = { execs: [], secs: [], found: 0 };
for (let seed = 1; seed <= SEEDS; seed++) {
  for (const h of harnesses) {
    const corpus = freshCorpus();
    const target = join(PROJECT_ROOT, "targets/js/planted", `${h}.ts`);
    const r = pinned([process.execPath, CLI, "fuzz", target, corpus, `-seed=${seed}`, `-runs=${RUNS}`, "-print_final_stats=1", `-artifact_prefix=${corpus}/../`], join(corpus, ".."));
    const found = r.code === 77;
    const execs = stat(r.out, "number_of_executed_units");
    results[h]!.execs.push(found ? execs : Infinity);
    results[h]!.secs.push(found ? r.seconds : Infinity);
    if (found) results[h]!.found++;
    process.stderr.write(`bench: ${h} seed ${seed}: ${found ? `${execs} execs, ${r.seconds.toFixed(2)} s` : "not found"}\n`);
  }
}
const show = (x: number) => (Number.isFinite(x) ? String(x) : `>${RUNS}`);
const rows = harnesses.map((h) => {
  const r = results[h]!;
  return [h, `${r.found}/${SEEDS}`, r.execs.map(show).join(" "), show(median(r.execs)), Number.isFinite(median(r.secs)) ? median(r.secs).toFixed(2) : "n/a"];
});
const text = [
  `# Smith vs raw bytes through the engine (${new Date().toISOString().slice(0, 10)})`,
  `command: bun bench/smithEngine.ts -seeds=${SEEDS} -runs=${RUNS}`,
  "",
  table(["harness", "found", "executions to crash per seed", "median executions", "median seconds"], rows),
  "",
  `median executions, bytes / Smith: ${ratio(median(results.vault_bytes!.execs), median(results.vault_smith!.execs))}`,
  "",
].join("\n");
process.stdout.write(text);
writeFileSync(join(import.meta.dir, "results", "smith-latest.md"), text);
