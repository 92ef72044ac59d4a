/**
 * -merge=1 keeps a minimal set of inputs that preserves every feature (checked by replaying both
 * corpora through the same target and comparing the features reached), and -minimize_crash=1
 * shrinks a crashing input while it crashes the same way.
 */
import { expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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

test("-merge=1 skips an input that crashes the target and finishes", () => {
  const so = planted("null_write");
  const dir = tempDir();
  const [inp, out] = [join(dir, "in"), join(dir, "out")];
  mkdirSync(inp);
  for (const [name, body] of [["a", "a"], ["n", "N"], ["nx", "NX"], ["boom", "NW crash"]]) writeFileSync(join(inp, name!), body!);
  const r = bunfuzz(["fuzz", so, "-merge=1", out, inp], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(`crashed (crash) on ${join(inp, "boom")}; skipping it`);
  const kept = readdirSync(out).map((f) => readFileSync(join(out, f)).toString());
  expect(kept).not.toContain("NW crash");
  expect(kept).toContain("NX"); // reaches the second comparison: a feature nothing else has
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
