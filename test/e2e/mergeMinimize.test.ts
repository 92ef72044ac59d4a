/**
 * -merge=1 keeps a minimal set of inputs that preserves every feature (checked by replaying both
 * corpora through the same target and comparing the features reached), resumably through a
 * control file; -minimize_crash=1 shrinks a crashing input while it crashes the same way, and
 * -cleanse_crash=1 replaces the bytes a crash does not need.
 */
import { expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

function initedFt(stderr: string): number {
  const m = /INITED cov: \d+ ft: (\d+)/.exec(stderr);
  if (!m) throw new Error(`no INITED line in:\n${stderr}`);
  return Number(m[1]);
}

test("-merge=1 OUT IN1 IN2 keeps every feature with fewer inputs, and is idempotent", () => {
  const so = planted("many_paths");
  const dir = tempDir();
  const [a, b, out] = ["a", "b", "out"].map((d) => join(dir, d)) as [string, string, string];
  expect(bunfuzz(["fuzz", so, a, "-seed=1", "-runs=20000"], dir).code).toBe(0);
  expect(bunfuzz(["fuzz", so, b, "-seed=2", "-runs=20000"], dir).code).toBe(0);
  const r = bunfuzz(["fuzz", so, "-merge=1", out, a, b], dir);
  expect(r.code).toBe(0);
  const kept = readdirSync(out).length;
  expect(r.stderr).toContain(`MERGE-OUTER: ${kept} new files with`);
  expect(kept).toBeLessThan(readdirSync(a).length + readdirSync(b).length);
  // Replaying with -runs=0 reports the features a corpus reaches (every seed is executed).
  const both = initedFt(bunfuzz(["fuzz", so, a, b, "-runs=0", "-reduce_inputs=0"], dir).stderr);
  const merged = initedFt(bunfuzz(["fuzz", so, out, "-runs=0"], dir).stderr);
  expect(merged).toBe(both);
  const again = bunfuzz(["fuzz", so, "-merge=1", out, a, b], dir);
  expect(again.stderr).toContain("MERGE-OUTER: 0 new files with 0 new features added");
}, 60_000);

test("-merge=1 saves an input that crashes the target as a finding, skips it and finishes (libFuzzer's crash-resistant merge)", () => {
  const so = planted("null_write");
  const dir = tempDir();
  const [inp, out] = [join(dir, "in"), join(dir, "out")];
  mkdirSync(inp);
  for (const [name, body] of [["a", "a"], ["n", "N"], ["nx", "NX"], ["boom", "NW crash"], ["zz", "zzzzzzzzzz"]]) writeFileSync(join(inp, name!), body!);
  const r = bunfuzz(["fuzz", so, "-merge=1", out, inp, `-artifact_prefix=${dir}/`], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(`Test unit written to ${dir}/crash-`);
  expect(r.stderr).toContain(`MERGE-INNER: '${join(inp, "boom")}' caused a failure at the previous merge step`);
  expect(r.stderr).toContain("MERGE-OUTER: successful in 2 attempt(s)");
  const kept = readdirSync(out).map((f) => readFileSync(join(out, f)).toString());
  expect(kept).not.toContain("NW crash");
  expect(kept).toContain("NX"); // reaches the second comparison: a feature nothing else has
}, 60_000);

test("-merge_control_file: a merge resumes at the first input not started, and a second merge of more inputs reruns only those (ClusterFuzz's two-step merge)", () => {
  const so = planted("many_paths");
  const dir = tempDir();
  const [a, b, out, mcf] = ["a", "b", "out", "MCF"].map((d) => join(dir, d)) as [string, string, string, string];
  expect(bunfuzz(["fuzz", so, a, "-seed=1", "-runs=3000"], dir).code).toBe(0);
  expect(bunfuzz(["fuzz", so, b, "-seed=2", "-runs=3000"], dir).code).toBe(0);
  mkdirSync(out);
  // Step 1: the existing corpus alone, as ClusterFuzz does, with the control file kept.
  const one = bunfuzz(["fuzz", so, "-merge=1", out, a, `-merge_control_file=${mcf}`], dir);
  expect(one.code).toBe(0);
  const ft1 = Number(/MERGE-OUTER: \d+ new files with (\d+) new features added/.exec(one.stderr)![1]);
  const started1 = readFileSync(mcf, "utf8").match(/^STARTED /gm)!.length;
  expect(started1).toBe(readdirSync(a).length);
  // Step 2: the same control file with the new inputs: only they run; the features add up.
  rmSync(out, { recursive: true });
  mkdirSync(out);
  const two = bunfuzz(["fuzz", so, "-merge=1", out, a, b, `-merge_control_file=${mcf}`], dir);
  expect(two.code).toBe(0);
  expect(two.stderr).toContain("MERGE-OUTER: starting merge from scratch, but reusing coverage information from the given control file");
  expect(two.stderr).toContain(`MERGE-INNER: ${readdirSync(b).length} total files; 0 processed earlier`);
  const ft2 = Number(/MERGE-OUTER: \d+ new files with (\d+) new features added/.exec(two.stderr)![1]);
  expect(ft2).toBeGreaterThan(ft1);
  // Step 2's control file lists b's inputs. A merge of them stopped part way (the file cut after
  // its third input) resumes there; once complete, the same merge has nothing to do.
  const text = readFileSync(mcf, "utf8");
  writeFileSync(mcf, text.slice(0, text.indexOf("STARTED 3 ")));
  rmSync(out, { recursive: true });
  mkdirSync(out);
  const resumed = bunfuzz(["fuzz", so, "-merge=1", out, b, `-merge_control_file=${mcf}`], dir);
  expect(resumed.stderr).toContain(`MERGE-OUTER: control file ok, ${readdirSync(b).length} files total, first not processed file 3`);
  expect(resumed.stderr).toContain(`MERGE-INNER: ${readdirSync(b).length} total files; 3 processed earlier`);
  expect(readFileSync(mcf, "utf8").match(/^FT /gm)!.length).toBe(readdirSync(b).length);
  rmSync(out, { recursive: true });
  mkdirSync(out);
  const done = bunfuzz(["fuzz", so, "-merge=1", out, b, `-merge_control_file=${mcf}`], dir);
  expect(done.stderr).toContain("MERGE-OUTER: nothing to do, merge has been completed before");
}, 60_000);

test("-set_cover_merge=1 keeps every feature too", () => {
  const so = planted("many_paths");
  const dir = tempDir();
  const [a, out] = [join(dir, "a"), join(dir, "out")];
  expect(bunfuzz(["fuzz", so, a, "-seed=3", "-runs=5000"], dir).code).toBe(0);
  const r = bunfuzz(["fuzz", so, "-set_cover_merge=1", out, a], dir);
  expect(r.code).toBe(0);
  expect(readdirSync(out).length).toBeLessThanOrEqual(readdirSync(a).length);
  expect(initedFt(bunfuzz(["fuzz", so, out, "-runs=0"], dir).stderr)).toBe(initedFt(bunfuzz(["fuzz", so, a, "-runs=0", "-reduce_inputs=0"], dir).stderr));
}, 60_000);

test("-minimize_crash=1 shrinks a crash to its essential bytes", () => {
  const so = planted("null_write");
  const dir = tempDir();
  const crash = join(dir, "crash-big");
  writeFileSync(crash, Buffer.concat([Buffer.from("NW"), Buffer.alloc(300, 0x41)]));
  const r = bunfuzz(["fuzz", so, "-minimize_crash=1", "-runs=20000", "-seed=1", `-artifact_prefix=${dir}/`, crash], dir);
  expect(r.code).toBe(0);
  const min = readdirSync(dir).filter((f) => f.startsWith("minimized-from-"));
  expect(min).toHaveLength(1);
  expect(readFileSync(join(dir, min[0]!)).toString()).toBe("NW");
  expect(bunfuzz(["run", so, join(dir, min[0]!)], dir).code).toBe(77);
}, 60_000);

test("-minimize_crash=1 on an input that does not crash is an input error", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "fine"), "hello");
  const r = bunfuzz(["fuzz", planted("null_write"), "-minimize_crash=1", join(dir, "fine")], dir);
  expect(r.code).toBe(3);
  expect(r.stderr).toContain("does not crash the target");
}, 60_000);

test("-cleanse_crash=1 replaces every byte the crash does not need by ' ' or 0xff, as libFuzzer's", () => {
  const so = planted("null_write");
  const dir = tempDir();
  writeFileSync(join(dir, "crash"), Uint8Array.of(0x4e, 0x57, 0x20, 0xff, 0x61, 0x62, 0x63)); // "NW \xffabc"
  const out = join(dir, "cleansed");
  const r = bunfuzz(["fuzz", so, "-cleanse_crash=1", `-exact_artifact_path=${out}`, join(dir, "crash")], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain("CLEANSE[0]: Trying to replace byte 6 of 7");
  expect(r.stderr).toContain("CLEANSE: Replaced byte 4 with 0x20");
  expect([...readFileSync(out)]).toEqual([0x4e, 0x57, 0x20, 0xff, 0x20, 0x20, 0x20]);
  expect(bunfuzz(["run", so, out], dir).code).toBe(77);
  const noOut = bunfuzz(["fuzz", so, "-cleanse_crash=1", join(dir, "crash")], dir);
  expect(noOut.code).toBe(2);
  expect(noOut.stderr).toContain("-exact_artifact_path");
}, 60_000);
