/**
 * What a campaign shows while and after it runs: the time series beside the corpus, libFuzzer's
 * -print_pcs/-print_coverage/-print_corpus_stats output, the status screen (only on a terminal),
 * and `bunfuzz plot`. Fixed seeds and run budgets; nothing here depends on timing.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../../src/build/compile.ts";
import { readSeries } from "../../src/report/timeSeries.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

const FIXTURE = join(PROJECT_ROOT, "test/fixtures/coverage/branches.c");
const fixture = () => compileCached("coverage-branches", [FIXTURE], join(CACHE_DIR, "test-targets"), DEFAULT_INSTRUMENT, { quiet: true });

describe("time series", () => {
  test("a campaign appends rows to CORPUS.stats.csv beside its corpus, one label per campaign", () => {
    const dir = tempDir();
    const corpus = join(dir, "corpus");
    expect(bunfuzz(["fuzz", fixture(), corpus, "-seed=1", "-runs=3000"], dir).code).toBe(0);
    expect(bunfuzz(["fuzz", fixture(), corpus, "-seed=2", "-runs=3000"], dir).code).toBe(0);
    const stats = join(dir, "corpus.stats.csv");
    expect(readdirSync(corpus).every((f) => /^[0-9a-f]{40}$/.test(f))).toBe(true); // nothing but inputs inside
    const campaigns = readSeries(stats);
    expect(campaigns.map((c) => c.label.replace(/^\S+ /, ""))).toEqual(["seed 1", "seed 2"]);
    for (const c of campaigns) {
      expect(c.rows.length).toBeGreaterThanOrEqual(2); // INITED and DONE at least
      expect(c.rows.at(-1)!.execs).toBe(3000);
      expect(c.rows.at(-1)!.edges).toBeGreaterThan(0);
    }
    // The second campaign starts from the first one's corpus.
    expect(campaigns[1]!.rows[0]!.edges).toBe(campaigns[0]!.rows.at(-1)!.edges);
    expect(bunfuzz(["fuzz", fixture(), join(dir, "other"), "-runs=100", "-stats_file=none"], dir).code).toBe(0);
    expect(existsSync(join(dir, "other.stats.csv"))).toBe(false);
  }, 60_000);

  test("with -workers=2 the supervisor writes the campaign's rows (the workers write none)", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", fixture(), join(dir, "corpus"), "-seed=1", "-runs=20000", "-workers=2"], dir);
    expect(r.code).toBe(0);
    const [c, other] = readSeries(join(dir, "corpus.stats.csv"));
    expect(other).toBeUndefined();
    const done = Number(/^#(\d+)\tDONE /m.exec(r.stderr)![1]);
    expect(c!.rows.at(-1)!.execs).toBe(done);
    expect(c!.rows.map((x) => x.execs)).toEqual([...c!.rows.map((x) => x.execs)].sort((a, b) => a - b));
  }, 60_000);

  test("a finding that ends the worker adds a last row with one finding", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("keyword_memcmp"), join(dir, "corpus"), "-seed=1", "-runs=20000", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    const [c] = readSeries(join(dir, "corpus.stats.csv"));
    expect(c!.rows.at(-1)!.findings).toBe(1);
    expect(c!.rows.slice(0, -1).every((x) => x.findings === 0)).toBe(true);
  }, 60_000);

  test("bunfuzz plot overlays campaigns from several files", () => {
    const dir = tempDir();
    for (const [name, seed] of [["a", 1], ["b", 2]] as const) expect(bunfuzz(["fuzz", fixture(), join(dir, name), `-seed=${seed}`, "-runs=2000"], dir).code).toBe(0);
    const r = bunfuzz(["plot", join(dir, "a.stats.csv"), join(dir, "b.stats.csv"), "-o", join(dir, "plot")], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("2 campaign(s) from 2 file(s)");
    const html = readFileSync(join(dir, "plot/index.html"), "utf8");
    expect(html).toContain("a.stats.csv: ");
    expect(html).toContain("b.stats.csv: ");
    const edges = readFileSync(join(dir, "plot/edges.svg"), "utf8");
    expect(edges.match(/<polyline/g)).toHaveLength(2);
    expect(bunfuzz(["plot", join(dir, "nope.csv"), "-o", join(dir, "p2")], dir).code).toBe(3);
  }, 60_000);
});

describe("libFuzzer's coverage flags", () => {
  test("-print_pcs=1, -print_coverage=1 and -print_corpus_stats=1 print libFuzzer's lines", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", fixture(), join(dir, "c"), "-seed=1", "-runs=500", "-print_pcs=1", "-print_coverage=1", "-print_corpus_stats=1"], dir);
    expect(r.code).toBe(0);
    const lines = r.stderr.split("\n");
    const pcs = lines.filter((l) => l.startsWith("\tNEW_PC: "));
    expect(pcs.length).toBeGreaterThan(3);
    for (const l of pcs) expect(l).toMatch(/^\tNEW_PC: 0x[0-9a-f]+ in \w+ \S+branches\.c:\d+(:\d+)?$/);
    // NEW_PC lines come before the status line of the input that covered them.
    const inited = lines.findIndex((l) => l.includes("\tINITED "));
    expect(lines.findIndex((l) => l.startsWith("\tNEW_PC: "))).toBeLessThan(inited);
    const cov = lines.slice(lines.indexOf("COVERAGE:") + 1);
    expect(lines).toContain("COVERAGE:");
    expect(cov.some((l) => new RegExp(`^COVERED_FUNC: hits: \\d+ edges: \\d+/\\d+ shape ${FIXTURE}:12$`).test(l))).toBe(true);
    expect(cov.some((l) => new RegExp(`^(UN)?COVERED_FUNC: hits: \\d+ edges: \\d+/1 never_called ${FIXTURE}:7$`).test(l))).toBe(true);
    for (const l of cov.filter((x) => x.startsWith("  UNCOVERED_PC: "))) expect(l).toMatch(new RegExp(`^  UNCOVERED_PC: ${FIXTURE}:\\d+$`));
    const corpus = lines.filter((l) => l.startsWith("  ["));
    expect(corpus.length).toBe(Number(/\tDONE {3}cov: \d+ ft: \d+ corp: (\d+)\//.exec(r.stderr)![1]));
    for (const l of corpus) expect(l).toMatch(/^ {2}\[ +\d+ [0-9a-f]{40}\] sz: +\d+ runs: +\d+ succ: +\d+ focus: 0$/);
    // libFuzzer's order at exit: Done, coverage, corpus stats.
    expect(lines.findIndex((l) => l.startsWith("Done "))).toBeLessThan(lines.indexOf("COVERAGE:"));
  }, 60_000);

  test("-print_pcs=1 names JS probes by kind and position", () => {
    const dir = tempDir();
    const target = join(PROJECT_ROOT, "test/fixtures/coverage/branches.ts");
    const r = bunfuzz(["fuzz", target, join(dir, "c"), "-seed=1", "-runs=200", "-print_pcs=1"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`\tNEW_PC: function probe in ${target}:2:8`);
  }, 60_000);
});

test("-status_screen=1 draws nothing when stderr is not a terminal", () => {
  const dir = tempDir();
  const r = bunfuzz(["fuzz", fixture(), join(dir, "c"), "-seed=1", "-runs=2000", "-status_screen=1"], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain("\x1b[");
  expect(r.stderr).toMatch(/^#\d+\tINITED cov: /m);
  expect(r.stderr).toMatch(/^#2000\tDONE {3}cov: /m);
});

test("-status_screen=1 on a terminal redraws one screen and leaves the last lines below it", () => {
  if (!Bun.which("script")) return console.warn("note: `script` (util-linux) is missing; the terminal case is not checked");
  const dir = tempDir();
  const log = join(dir, "tty.log");
  const cmd = [process.execPath, join(PROJECT_ROOT, "src/cli/main.ts"), "fuzz", fixture(), join(dir, "c"), "-seed=1", "-runs=300000", "-status_screen=1"].join(" ");
  Bun.spawnSync(["script", "-qfec", cmd, log], { cwd: dir, stdout: "ignore", stderr: "ignore" });
  const text = readFileSync(log, "utf8");
  expect(text).toContain("\x1b[H\x1b[2J bunfuzz: ");
  expect(text).toContain("last new input");
  expect(text).toMatch(/#300000\tDONE {3}cov: /);
}, 60_000);
