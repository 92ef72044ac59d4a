/**
 * -workers=N: several worker processes on one corpus and one feature set. What one finds reaches
 * the others; a finding is reported once; a worker killed from outside is replaced while the others
 * go on; a kill of the supervisor leaves no worker and a whole corpus. Seeds and run budgets are
 * fixed; waits are on conditions, never on a clock.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { sha1Hex } from "../../src/util/sha1.ts";
import { alive, childrenOf, entries, start } from "../faults/process.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";

const count = (s: string, sub: string) => s.split(sub).length - 1;

describe("-workers=2", () => {
  test("a planted bug is found and reported once, with one artifact, then the campaign's final stats", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("keyword_memcmp"), join(dir, "corpus"), "-workers=2", "-seed=1", "-runs=2000000", "-print_final_stats=1", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(count(r.stderr, "Test unit written to")).toBe(1);
    // As libFuzzer's crash callback: -print_final_stats prints the stat:: lines after the finding too.
    expect(count(r.stderr, "stat::number_of_executed_units:")).toBe(1);
    expect(r.stderr.indexOf("stat::peak_rss_mb:")).toBeGreaterThan(r.stderr.indexOf("Test unit written to"));
    const crashes = readdirSync(dir).filter((f) => f.startsWith("crash-"));
    expect(crashes).toHaveLength(1);
    expect(readFileSync(join(dir, crashes[0]!), "latin1").startsWith("SESAME!?")).toBe(true);
  }, 120_000);

  test("a JS target's bug too", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", join(PROJECT_ROOT, "targets/js/planted/string_magic.ts"), join(dir, "corpus"), "-workers=2", "-seed=1", "-runs=400000", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(count(r.stderr, "Test unit written to")).toBe(1);
  }, 120_000);

  test("inputs one worker finds are run by the other; the corpus on disk holds each global find once", () => {
    const dir = tempDir(), corpus = join(dir, "corpus");
    // 200,000 runs: long enough that, on a loaded machine too, messages between the workers arrive
    // while both still fuzz (a worker takes in others' inputs between its slices).
    const r = bunfuzz(["fuzz", planted("many_paths"), corpus, "-workers=2", "-seed=1", "-runs=200000"], dir);
    expect(r.code).toBe(0);
    // How many each worker takes from the other depends on timing (a worker that starts late finds
    // most of it done), and so does whether any is still new to it when it arrives (this target's
    // 480 features are all found within a second: kept counts of 0-14 per worker at seed 1);
    // together they must have passed inputs on.
    // REDUCEs travel too (test/parallel/peerReduce.test.ts): each input run is kept, takes an
    // input's place, or neither.
    let ran = 0;
    for (const i of [0, 1]) {
      const m = new RegExp(`INFO: worker ${i}: 100000 runs, corpus \\d+ inputs, ran (\\d+) from other workers and kept (\\d+) of them, (\\d+) of their reductions in place of inputs here`).exec(r.stderr);
      expect(m).not.toBeNull();
      expect(Number(m![2]) + Number(m![3])).toBeLessThanOrEqual(Number(m![1]));
      ran += Number(m![1]);
    }
    expect(ran).toBeGreaterThan(0);
    const done = /#(\d+)\tDONE .* corp: (\d+)\/.* rss: (\d+)Mb/.exec(r.stderr)!;
    expect(Number(done[1])).toBe(200000);
    expect(Number(done[3])).toBeGreaterThan(0); // the workers' peak, also when they end between two polls
    expect(Number(/\tINITED .* rss: (\d+)Mb/.exec(r.stderr)![1])).toBeGreaterThan(0); // before the first poll too
    const files = entries(corpus);
    expect(files.length).toBe(Number(done[2]) - 1); // the INITED corpus ("\n") is not a file
    for (const f of files) expect(sha1Hex(readFileSync(join(corpus, f)))).toBe(f);
  }, 120_000);

  test("the length limit grows with the campaign's runs, as one worker's does", () => {
    // flat's corpus stops growing after its first inputs, so the limit grows one -len_control step
    // per 100 x log2(limit) runs without progress: about runs / 100. Two workers splitting the runs
    // must reach about one worker's limit (each counting only its own runs, they reached half).
    const lim = (workers: number) => {
      const dir = tempDir();
      const r = bunfuzz(["fuzz", planted("flat"), join(dir, "corpus"), `-workers=${workers}`, "-seed=1", "-runs=100000", "-max_len=4096"], dir);
      expect(r.code).toBe(0);
      return Number(/#100000\tDONE .* lim: (\d+) /.exec(r.stderr)![1]);
    };
    const one = lim(1), two = lim(2);
    expect(one).toBeGreaterThan(500);
    expect(two).toBeGreaterThan(one * 0.8);
    expect(two).toBeLessThan(one * 1.25);
  }, 120_000);

  // SIGHUP: a signal neither bunfuzz nor this target sends, which ends a worker without a crash
  // record: the worker was killed from outside, not by an internal error (exit 6).
  for (const signal of ["SIGKILL", "SIGHUP"] as const) {
    test(`a worker killed by ${signal} from outside is replaced and the others go on`, async () => {
      const dir = tempDir();
      const r = start(["fuzz", planted("many_paths"), join(dir, "corpus"), "-workers=2", "-seed=1", "-runs=600000"], dir);
      await r.until(() => /\tNEW /.test(r.stderr()) && childrenOf(r.proc.pid).length === 2, "two workers fuzzing");
      process.kill(childrenOf(r.proc.pid)[1]!, signal);
      const { code, stderr } = await r.done();
      expect(stderr).toMatch(new RegExp(`bunfuzz: worker \\d was killed from outside \\(${signal}\\); starting a new one`));
      expect(stderr).not.toContain("internal error");
      expect(readdirSync(dir).filter((f) => f.startsWith("crash-"))).toHaveLength(0);
      expect(code).toBe(0);
      expect(stderr).toMatch(/#\d+\tDONE /);
    }, 120_000);
  }

  test("kill -9 of the supervisor: its workers die with it, the corpus is whole, and the next campaign writes what it held", async () => {
    const dir = tempDir(), corpus = join(dir, "corpus"), env = { TMPDIR: tempDir() };
    const corp = (s: string) => Number([...s.matchAll(/ corp: (\d+)\//g)].at(-1)?.[1] ?? 0);
    const r = start(["fuzz", planted("many_paths"), corpus, "-workers=2", "-seed=1", "-runs=100000000"], dir, env);
    await r.until(() => corp(r.stderr()) >= 20 && childrenOf(r.proc.pid).length === 2, "two workers growing the corpus");
    const workers = childrenOf(r.proc.pid);
    r.proc.kill("SIGKILL");
    const { stderr } = await r.done();
    while (workers.some(alive)) await Bun.sleep(20);
    for (const f of entries(corpus)) expect(sha1Hex(readFileSync(join(corpus, f)))).toBe(f);
    // The supervisor holds new inputs for seconds (its journal keeps them): the directory lacks some.
    expect(entries(corpus).length).toBeLessThan(corp(stderr));
    const next = bunfuzz(["fuzz", planted("many_paths"), corpus, "-runs=0"], dir, ["env", `TMPDIR=${env.TMPDIR}`]);
    expect(next.stderr).toMatch(/INFO: \d+ inputs a killed campaign held were written to /);
    // Every input of the campaign's last status line is on disk now, but for its first (the one-byte
    // input an empty corpus starts from, which no campaign writes).
    expect(entries(corpus).length).toBeGreaterThanOrEqual(corp(stderr) - 1);
    for (const f of entries(corpus)) expect(sha1Hex(readFileSync(join(corpus, f)))).toBe(f);
    expect(readdirSync(env.TMPDIR).filter((n) => n.startsWith("bunfuzz-held-"))).toEqual([]);
  }, 120_000);
});

describe("-fork=2", () => {
  test("with -ignore_crashes=1 a crash is saved and fuzzing goes on, in libFuzzer's fork format", () => {
    const dir = tempDir();
    // -input_to_state=0: the stage solves this keyword within a few executions of every job, so each
    // job would end in the same crash at once; this test is about the jobs that come after a crash.
    const r = bunfuzz(["fuzz", planted("keyword_memcmp"), join(dir, "corpus"), "-fork=2", "-ignore_crashes=1", "-input_to_state=0", "-seed=1", "-runs=4000", `-artifact_prefix=${dir}/`], dir);
    expect(r.stderr).toContain("INFO: -fork=2: fuzzing in separate process(s)");
    const lines = [...r.stderr.matchAll(/^#(\d+): cov: \d+ ft: \d+ corp: \d+ exec\/s \d+ oom\/timeout\/crash: (\d+)\/(\d+)\/(\d+) time: \d+s job: (\d+) dft_time: 0$/gm)];
    expect(lines.length).toBeGreaterThan(1);
    const crashes = readdirSync(dir).filter((f) => f.startsWith("crash-"));
    expect(crashes.length).toBeGreaterThanOrEqual(1);
    // After the first crash the campaign ran more jobs, and its execution count went on growing.
    const firstCrash = lines.findIndex((m) => Number(m[4]) > 0);
    expect(firstCrash).toBeGreaterThanOrEqual(0);
    expect(lines.length).toBeGreaterThan(firstCrash + 1);
    expect(Number(lines.at(-1)![1])).toBeGreaterThan(Number(lines[firstCrash]![1]));
    expect(r.code).toBe(77); // the last finding's code, as libFuzzer's fork mode exits
  }, 120_000);

  test("without -ignore_crashes the first crash ends the campaign", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("keyword_memcmp"), join(dir, "corpus"), "-fork=2", "-seed=1", "-runs=600000", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(readdirSync(dir).filter((f) => f.startsWith("crash-"))).toHaveLength(1);
  }, 120_000);
});
