/**
 * The benchmarks' one entry point. `bun bench/run.ts` (or -help) lists them with what each measures
 * and how long it takes with its default flags; `bun bench/run.ts NAME [flags]` runs one (the same
 * as `bun bench/NAME.ts [flags]`). Each prints Markdown tables on stdout and writes its latest
 * run to bench/results/NAME-latest.md (ignored by git; the curated tables are the other files there).
 */
import { join } from "node:path";

interface Bench {
  name: string;
  what: string;
  /** How long it takes with its default flags, as a formula of them. */
  takes: string;
  /** A short run, for trying it out. */
  quick: string;
}

const BENCHES: Bench[] = [
  { name: "engine", what: "native engine vs libFuzzer: features at 60/300 s (A), variants (B), seconds and executions to crash on planted bugs (C)",
    takes: "A: 3 targets x 2 seeds x 2 engines x 300 s = 60 min; B: 6 variants x 3 targets x 2 seeds x 60 s = 36 min; C: 5 bugs x 5 seeds x 2 engines x <=60 s", quick: "-sections=A -targets=cjson -seeds=1 -time=60" },
  { name: "firstBug", what: "time and executions to the first crash on real, known bugs (stb_image CVE-2022-28042, cJSON CVE-2023-53154), libFuzzer and bunfuzz at once on the two cores, ASan builds",
    takes: "2 targets x 7 seeds x <=120 s (each bug falls within seconds)", quick: "-seeds=3 -time=30" },
  { name: "parallel", what: "-workers scaling (1 vs 2 workers, and 1 worker for twice as long); -fork=2 and -jobs=2 -workers=2 vs libFuzzer's",
    takes: "S: 4 targets x 4 x 60 s = 16 min; F: 3 targets x 2 modes x 2 engines x 60 s = 12 min", quick: "-sections=S -targets=cjson -time=20" },
  { name: "aflSync", what: "bunfuzz beside AFL++'s main instance on one sync directory (-sync_dir): what each took from the other (needs afl++)",
    takes: "3 targets x -time (90 s) on both cores, plus AFL++ builds", quick: "-targets=cjson -time=30" },
  { name: "valueProfile", what: "-use_value_profile=1 vs libFuzzer's: planted compare targets (P), real targets at 60 s (R)",
    takes: "P: 5 targets x 3 seeds x 2 engines, up to 20 M executions each; R: 3 targets x 3 seeds x 3 runs x 60 s = 27 min", quick: "-sections=P -seeds=1" },
  { name: "inputToState", what: "-input_to_state=1 (checksums) on and off vs libFuzzer: planted tag behind a CRC (P), real targets (R), libpng with checksums (K)",
    takes: "P: 3 seeds x 4 configurations x <=300 s; R: 3 targets x 2 x 300 s; K: 3 x 300 s", quick: "-sections=P -seeds=1 -plantedTime=60" },
  { name: "conformance", what: "LLVM libFuzzer-test-style harnesses (targets/conformance/) run by libFuzzer and bunfuzz: found, executions, output lines",
    takes: "about 2 min (run budgets, not time)", quick: "-seeds=1" },
  { name: "js", what: "bunfuzz vs Jazzer.js on the same JS targets (Jazzer.js from bench/jazzer/setup.sh)",
    takes: "3 targets x 2 engines x 60 s = 6 min", quick: "-time=20 -targets=toml" },
  { name: "jazzerExamples", what: "Jazzer.js's own examples run as their package.json runs them, under bunfuzz (from npm pack's tarball) and Jazzer.js: loads, executions, finds the planted bug (needs a Jazzer.js checkout's examples/ folder as first argument)",
    takes: "15 scripts x 2 tools, each up to -runs=2000000 or -time=300 s, plus npm installs: under an hour", quick: "<jazzer.js>/examples -only=FuzzedDataProvider,maze -runs=300000" },
  { name: "instrument", what: "JS probe overhead: instrumented vs plain on real npm packages, compare hooks on and off",
    takes: "about 2 min", quick: "-reps=1" },
  { name: "smith", what: "Smith (typed inputs) vs raw bytes on a planted structured bug, in a self-contained loop",
    takes: "about 1 min", quick: "" },
  { name: "smithEngine", what: "Smith vs raw bytes through the real engine (targets/js/planted/vault_*)",
    takes: "8 seeds x 2 harnesses, up to 3 M executions each", quick: "-seeds=2" },
  { name: "prefixSnapshots", what: "-prefix_snapshots=1 on and off at once on AlaSQL driven by SQL statements (targets/js/alasql; -target=immutable: Immutable.js): exec/s, edges at 60 s and at the end, replayed plainly",
    takes: "3 seeds x 300 s, both configurations at once on two cores (run one seed per call: -seeds=1 -seed0=N)", quick: "-seeds=1 -time=20 -snapAt=10" },
  { name: "forkSnapshot", what: "fork server after a prefix under Bun: fork + native suffix + wait (Bun, small and grown heap; plain C), a forked child calling into JS",
    takes: "about 30 s", quick: "" },
];

function help(): string {
  const rows = BENCHES.map((b) => `  ${b.name.padEnd(13)} ${b.what}\n  ${"".padEnd(13)} takes: ${b.takes}\n  ${"".padEnd(13)} try:   bun bench/run.ts ${b.name} ${b.quick}`.trimEnd());
  return `Usage: bun bench/run.ts NAME [flags]   (each bench's flags are in its file's header and bench/README.md)\n\n${rows.join("\n\n")}\n`;
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name === "-help" || name === "--help" || name === "-help=1") {
  process.stdout.write(help());
  process.exit(name ? 0 : 2);
}
const bench = BENCHES.find((b) => b.name === name);
if (!bench) {
  process.stderr.write(`bench: no benchmark named ${name}\n${help()}`);
  process.exit(2);
}
const p = Bun.spawn([process.execPath, join(import.meta.dir, `${bench.name}.ts`), ...rest], { stdio: ["inherit", "inherit", "inherit"] });
process.exit(await p.exited);
