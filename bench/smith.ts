/**
 * Smith against raw bytes on a planted structured bug, in pure TypeScript.
 *
 * The target is a small vault state machine driven by a sequence of typed operations; the bug
 * needs six of them, in order, with the right arguments (open a savings account, deposit 42, log
 * in as a user whose name starts with "r", set the limit to 9, withdraw 3 × limit, a deep audit,
 * then close). The same logic is driven by a Smith harness and by a harness that parses raw bytes
 * by hand. A self-contained loop (corpus, pick, up to 5 stacked mutations through the engine's
 * Dispatcher, keep on new coverage) fuzzes each; coverage is a JS counter array the target bumps
 * by hand: one feature per (stage, operation) pair and per branch. Budget and seeds are fixed;
 * the table shows how many seeds found the bug and the executions and time it took (a seed that
 * missed counts as the whole budget). Canonicalising a new corpus input counts as an execution.
 *
 *   bun bench/smith.ts [seeds=32] [budget=300000]
 */
import { Dispatcher } from "../src/mutators/dispatch.ts";
import { MUTATORS } from "../src/mutators/table.ts";
import type { MutationState, MutatorRow } from "../src/mutators/types.ts";
import { WordList } from "../src/mutators/words.ts";
import { Xoshiro128, type Rng } from "../src/rng/rng.ts";
import { canonicalize } from "../src/smith/record.ts";
import { SMITH_MUTATORS } from "../src/smith/mutate/rows.ts";
import { Smith } from "../src/smith/smith.ts";

// ---- the target -------------------------------------------------------------------------------

const OPS = ["open", "deposit", "withdraw", "limit", "login", "audit", "close"] as const;
type Op = (typeof OPS)[number];
const N_FEATURES = 8 * OPS.length + 16;

class PlantedBug extends Error {}

/** The vault. `cov` is the coverage map the bench reads; the target marks it by hand. */
class Vault {
  stage = 0;
  balance = 0;
  limit = 0;
  constructor(private readonly cov: Uint8Array) {}

  step(op: Op, arg: number | string | boolean): void {
    this.cov[this.stage * OPS.length + OPS.indexOf(op)] = 1;
    const at = (k: number) => this.stage === k;
    switch (op) {
      case "open": if (at(0) && arg === "savings") this.stage = 1; break;
      case "deposit":
        this.balance += arg as number;
        if (at(1) && arg === 42) this.stage = 2;
        break;
      case "login": if (at(2) && (arg as string).length >= 3 && (arg as string)[0] === "r") this.stage = 3; break;
      case "limit":
        this.limit = arg as number;
        if (at(3) && arg === 9) this.stage = 4;
        break;
      case "withdraw":
        if ((arg as number) > this.balance) { this.cov[8 * OPS.length] = 1; break; }
        this.balance -= arg as number;
        if (at(4) && arg === this.limit * 3) this.stage = 5;
        break;
      case "audit": if (at(5) && arg === true) this.stage = 6; break;
      case "close": if (at(6)) throw new PlantedBug("vault closed while audited with a withdrawal pending"); break;
    }
  }
}

const OPEN_KINDS = [[3, "checking"], [1, "savings"]] as const;

/** The Smith harness; `label` gives every call site a label (otherwise ids come from signatures). */
function smithHarness(cov: Uint8Array, label: boolean) {
  return (s: Smith) => {
    const v = new Vault(cov);
    const L = (x: string) => (label ? x : undefined);
    while (s.more(L("more"))) {
      const op = s.pick(OPS, L("op"));
      switch (op) {
        case "open": v.step(op, s.weighted(OPEN_KINDS, L("kind"))); break;
        case "deposit": v.step(op, s.int(0, 99, L("deposit"))); break;
        case "withdraw": v.step(op, s.int(0, 99, L("withdraw"))); break;
        case "limit": v.step(op, s.int(0, 15, L("limit"))); break;
        case "login": v.step(op, s.string({ ascii: true, minLength: 1, maxLength: 8 }, L("user"))); break;
        case "audit": v.step(op, s.bool(L("deep"))); break;
        case "close": v.step(op, 0); break;
      }
    }
  };
}

/** The same harness reading raw bytes by hand: op byte, then that op's argument bytes. */
function rawHarness(cov: Uint8Array) {
  return (d: Uint8Array) => {
    const v = new Vault(cov);
    let i = 0;
    const byte = () => (i < d.length ? d[i++]! : 0);
    while (i < d.length) {
      const op = OPS[byte() % OPS.length]!;
      switch (op) {
        case "open": v.step(op, byte() % 4 === 3 ? "savings" : "checking"); break;
        case "deposit": case "withdraw": v.step(op, byte() % 100); break;
        case "limit": v.step(op, byte() % 16); break;
        case "login": {
          const n = 1 + (byte() % 8);
          let u = "";
          for (let k = 0; k < n; k++) u += String.fromCharCode(byte() & 0x7f);
          v.step(op, u);
          break;
        }
        case "audit": v.step(op, (byte() & 1) === 1); break;
        case "close": v.step(op, 0); break;
      }
    }
  };
}

// ---- a small fuzzing loop built from the engine's pieces --------------------------------------

export interface Config {
  name: string;
  rows: readonly MutatorRow[];
  /** Runs one input; returns true when it hit the planted bug. */
  make(cov: Uint8Array): { run(data: Uint8Array, size: number): boolean; canonical?(data: Uint8Array): Uint8Array };
}

const MAX_LEN = 1024;
const DEPTH = 5;

export function smithConfig(name: string, rows: readonly MutatorRow[], label: boolean, canonical: boolean): Config {
  return {
    name, rows,
    make(cov) {
      const h = smithHarness(cov, label);
      const s = new Smith();
      const run = (data: Uint8Array, size: number) => {
        try { h(s.reset(data, size)); return false; } catch (e) { if (e instanceof PlantedBug) return true; throw e; }
      };
      return canonical ? { run, canonical: (d) => canonicalize(h, d) } : { run };
    },
  };
}

export const CONFIGS: Config[] = [
  {
    name: "raw bytes, byte mutators", rows: MUTATORS,
    make(cov) {
      const h = rawHarness(cov);
      return { run: (d, n) => { try { h(d.subarray(0, n)); return false; } catch (e) { if (e instanceof PlantedBug) return true; throw e; } } };
    },
  },
  smithConfig("Smith, byte mutators (raw stream)", MUTATORS, false, false),
  smithConfig("Smith, byte + Smith mutators", [...MUTATORS, ...SMITH_MUTATORS], false, true),
  smithConfig("Smith labelled, byte + Smith mutators", [...MUTATORS, ...SMITH_MUTATORS], true, true),
  smithConfig("Smith, Smith mutators only", SMITH_MUTATORS, false, true),
];

interface Outcome { found: boolean; execs: number; ms: number; corpus: number }

export function fuzz(cfg: Config, seed: number, budget: number): Outcome {
  const rng: Rng = new Xoshiro128(seed);
  const cov = new Uint8Array(N_FEATURES);
  const seen = new Uint8Array(N_FEATURES);
  const target = cfg.make(cov);
  const corpus: Uint8Array[] = [];
  const dispatcher = new Dispatcher(cfg.rows);
  const ms: MutationState = {
    data: new Uint8Array(MAX_LEN), size: 0, maxSize: MAX_LEN, scratch: new Uint8Array(MAX_LEN), rng,
    otherInput: () => (corpus.length < 2 ? undefined : corpus[rng.below(corpus.length)]),
    manualDict: new WordList(), autoDict: new WordList(), compares: { pickPair: () => false },
    lastWord: new Uint8Array(256), lastWordLen: 0,
  };
  let execs = 0;
  const t0 = performance.now();
  /** Runs data[0..size); true when new features were seen (and records them). */
  const runNew = (size: number): boolean | "bug" => {
    cov.fill(0);
    execs++;
    if (target.run(ms.data, size)) return "bug";
    let fresh = false;
    for (let i = 0; i < N_FEATURES; i++) if (cov[i] && !seen[i]) { seen[i] = 1; fresh = true; }
    return fresh;
  };
  const admit = (size: number) => {
    let input: Uint8Array = ms.data.slice(0, size);
    if (target.canonical) {
      const c = target.canonical(input);
      execs++;
      if (c.length <= MAX_LEN) input = c;
    }
    corpus.push(input);
  };
  ms.data[0] = 0x0a;
  if (runNew(1) === "bug") return { found: true, execs, ms: performance.now() - t0, corpus: 0 };
  admit(1);
  while (execs < budget) {
    const n = corpus.length;
    const base = corpus[Math.min(n - 1, Math.floor((Math.sqrt(8 * (rng.next() / 4294967296) * ((n * (n + 1)) / 2) + 1) - 1) / 2))]!;
    ms.data.set(base);
    ms.size = base.length;
    for (let d = 0; d < DEPTH; d++) {
      ms.size = dispatcher.mutate(ms);
      const r = runNew(ms.size);
      if (r === "bug") return { found: true, execs, ms: performance.now() - t0, corpus: corpus.length };
      if (r) { admit(ms.size); break; }
    }
  }
  return { found: false, execs, ms: performance.now() - t0, corpus: corpus.length };
}

// ---- the table --------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function main(): void {
  const seeds = Number(process.argv[2] ?? 32), budget = Number(process.argv[3] ?? 300_000);
  console.log(`planted vault bug, ${seeds} seeds (1..${seeds}), budget ${budget} executions per seed, max_len ${MAX_LEN}, depth ${DEPTH}`);
  console.log("execs and time: median over all seeds, a seed that missed counts as the whole budget\n");
  const header = ["configuration", "found", "median execs", "p25-p75 execs", "mean execs", "median ms", "exec/s"];
  const rows: string[][] = [];
  for (const cfg of CONFIGS) {
    const outs: Outcome[] = [];
    for (let seed = 1; seed <= seeds; seed++) outs.push(fuzz(cfg, seed, budget));
    const execs = outs.map((o) => (o.found ? o.execs : budget)).sort((a, b) => a - b);
    const q = (p: number) => execs[Math.min(execs.length - 1, Math.floor(p * execs.length))]!;
    const totalExecs = outs.reduce((a, o) => a + o.execs, 0), totalMs = outs.reduce((a, o) => a + o.ms, 0);
    rows.push([
      cfg.name, `${outs.filter((o) => o.found).length}/${seeds}`, String(Math.round(median(execs))), `${q(0.25)}-${q(0.75)}`,
      String(Math.round(execs.reduce((a, b) => a + b, 0) / execs.length)),
      median(outs.map((o) => (o.found ? o.ms : (o.ms * budget) / o.execs))).toFixed(0),
      String(Math.round((totalExecs / totalMs) * 1000)),
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

if (import.meta.main) main();
