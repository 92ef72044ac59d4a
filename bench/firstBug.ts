/**
 * Time to the first bug on real, known bugs: libFuzzer and bunfuzz run at the same time, one per
 * CPU (taskset; CPUs 0 and 1, swapped every seed), so both see the same load from everything else.
 * Each campaign starts from the target folder's seeds and stops at its first finding or after
 * -time seconds. Both builds have AddressSanitizer (libFuzzer: clang-14 -fsanitize=fuzzer,address;
 * bunfuzz: `bunfuzz build -asan`), so both detect the same bugs.
 *
 *   bun bench/firstBug.ts [-targets=stb_image,cjson_upstream] [-seeds=7] [-seed0=1] [-time=120] [-against=REF]
 *
 * -against=REF: bunfuzz at git revision REF (its CLI run from its sources, bench/lib.ts checkoutOf)
 * takes libFuzzer's place, on the same bunfuzz build of the target (a change against the code before it).
 *
 * Targets (targets/c/<name>) and their bug:
 *  - stb_image: stb_image 2.27's JPEG decoder, CVE-2022-28042 (stbi__jpeg_huff_decode reads a
 *    Huffman table a progressive scan never defined: heap use-after-free or wild read at
 *    stb_image.h:2115);
 *  - cjson_upstream: cJSON 1.7.15 without Debian's patches, CVE-2023-53154 (parse_string reads one
 *    byte past an input that ends right after a comma inside an object).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readTargetSpec } from "../targets/build/sources.ts";
import { buildLibFuzzerBinary, buildTargetDir } from "../targets/build/targetDir.ts";
import { DEFAULT_INSTRUMENT } from "../src/build/compile.ts";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { campaign, checkoutOf, engineCmd, flag, inCheckout, freshCorpus, median, ratio, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
const T = flag(argv, "time", 120), SEEDS = flag(argv, "seeds", 7), SEED0 = flag(argv, "seed0", 1);
const TARGETS = (argv.find((a) => a.startsWith("-targets="))?.slice("-targets=".length) ?? "stb_image,cjson_upstream").split(",");
const EXTRA = argv.filter((a) => a.startsWith("-bf:")).map((a) => a.slice("-bf:".length));
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
const ENGINES = ["libfuzzer", "bunfuzz"] as const;
const AGAINST = argv.find((a) => a.startsWith("-against="))?.slice("-against=".length);
const REF_ROOT = AGAINST ? checkoutOf(AGAINST) : undefined;
/** What the first engine's column is called: libFuzzer, or bunfuzz at REF with -against. */
const FIRST = AGAINST ? `bunfuzz @${AGAINST}` : "libFuzzer";

/** One campaign's outcome: seconds and executions to the first finding (Infinity when none), where it crashed. */
interface Outcome { secs: number; execs: number; where: string }

/** The frame ASan names in its SUMMARY line (function and file:line), or the exit code. */
function crashSite(out: string, code: number): string {
  const m = /SUMMARY: AddressSanitizer: (\S+) \S*?([^/\s]+:\d+)(?::\d+)? in (\S+)/.exec(out);
  return m ? `${m[1]} ${m[3]} ${m[2]}` : code === 0 ? "none" : `exit ${code}`;
}

const rows: (string | number)[][] = [], seedRows: (string | number)[][] = [];
for (const name of TARGETS) {
  const dir = join(PROJECT_ROOT, "targets/c", name);
  const spec = readTargetSpec(dir), maxLen = spec.maxLen ?? 4096;
  const bins = { libfuzzer: buildLibFuzzerBinary(dir, DEFAULT_INSTRUMENT.opt, [], true), bunfuzz: buildTargetDir(dir, { asan: true }).so };
  const res = { libfuzzer: [] as Outcome[], bunfuzz: [] as Outcome[] };
  for (let seed = SEED0; seed < SEED0 + SEEDS; seed++) {
    await Promise.all(ENGINES.map(async (engine, i) => {
      const corpus = freshCorpus(spec.seeds);
      const cmd = REF_ROOT && engine === "libfuzzer" ? inCheckout(engineCmd("bunfuzz", bins.bunfuzz, corpus, T, seed, maxLen, EXTRA), REF_ROOT)
        : engineCmd(engine, bins[engine], corpus, T, seed, maxLen, engine === "bunfuzz" ? EXTRA : []);
      const r = await campaign(cmd, corpus, 0, String((i + seed) % 2));
      rmSync(join(corpus, ".."), { recursive: true, force: true }); // the campaign's own directory: left behind, /tmp fills up (Bun reads it at start-up)
      // Both engines print stat::number_of_executed_units after a finding: the search alone, whatever the load.
      // An exit without it is no finding (the engine stopped for another reason): counted as not found.
      const execs = stat(r.out, "number_of_executed_units"), found = r.code !== 0 && Number.isFinite(execs);
      res[engine].push({ secs: found ? r.seconds : Infinity, execs: found ? execs : Infinity, where: r.code !== 0 && !found ? `no stats, exit ${r.code}` : crashSite(r.out, r.code) });
    }));
    const [a, b] = [res.libfuzzer.at(-1)!, res.bunfuzz.at(-1)!];
    log(`${name} seed ${seed}: ${FIRST} ${a.secs.toFixed(2)}s ${a.execs} (${a.where}); bunfuzz ${b.secs.toFixed(2)}s ${b.execs} (${b.where})`);
  }
  const secs = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : `>${T}`), count = (x: number) => (Number.isFinite(x) ? String(x) : "-");
  const spread = (xs: number[], show: (x: number) => string) => `${show(median(xs))} (${show(Math.min(...xs))}-${show(Math.max(...xs))})`;
  const col = (e: "libfuzzer" | "bunfuzz", k: "secs" | "execs") => res[e].map((o) => o[k]);
  const r = (k: "secs" | "execs") => ratio(median(col("bunfuzz", k)), median(col("libfuzzer", k)));
  const found = (e: "libfuzzer" | "bunfuzz") => `${res[e].filter((o) => Number.isFinite(o.secs)).length}/${SEEDS}`;
  rows.push([name, found("libfuzzer"), found("bunfuzz"), spread(col("libfuzzer", "secs"), secs), spread(col("bunfuzz", "secs"), secs), r("secs"),
    spread(col("libfuzzer", "execs"), count), spread(col("bunfuzz", "execs"), count), r("execs")]);
  for (const e of ENGINES) {
    seedRows.push([name, e === "libfuzzer" ? FIRST : "bunfuzz", res[e].map((o) => secs(o.secs)).join(" "), res[e].map((o) => count(o.execs)).join(" "),
      [...new Set(res[e].map((o) => o.where))].join("; ")]);
  }
}

const text = [
  `# Time to the first bug, bunfuzz vs ${FIRST} (${new Date().toISOString().slice(0, 10)})`,
  `command: bun bench/firstBug.ts ${argv.join(" ")}`.trim(), "",
  `Both engines at once, one CPU each (swapped every seed), from the target's seeds, ASan builds, cap ${T}s, seeds ${SEED0}..${SEED0 + SEEDS - 1}.`,
  "Median (range); seconds are wall clock from process start to exit (start-up and the crash report included); executions are the search alone.", "",
  table(["target", `${FIRST} found`, "bunfuzz found", `${FIRST} s`, "bunfuzz s", "ratio", `${FIRST} executions`, "bunfuzz executions", "ratio"], rows), "",
  "Per seed, in order:", "", table(["target", "engine", "seconds", "executions", "crash sites"], seedRows), "",
].join("\n");
process.stdout.write(`${text}\n`);
writeFileSync(join(import.meta.dir, "results", "first-bug-latest.md"), `${text}\n`);
