/**
 * The corpus directory is the user's: a campaign deletes only files it created itself (libFuzzer's
 * MayDeleteFile), and several processes can fuzz one directory at once, as libFuzzer -jobs and
 * AFL++ instances do, without one failing on a file another just deleted or is still writing.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OutputDir } from "../../src/corpus/outputDir.ts";
import { sha1Hex } from "../../src/util/sha1.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";
import { entries, start } from "./process.ts";

/** Writes bytes under their SHA-1 name, as a libFuzzer corpus or a previous campaign holds them. */
function seed(dir: string, data: Uint8Array): string {
  const name = sha1Hex(data);
  writeFileSync(join(dir, name), data);
  return name;
}

describe("deleting only what the run wrote", () => {
  test("REDUCE deletes a file this run created, never one that was there before", () => {
    const dir = tempDir();
    const out = new OutputDir(dir);
    const theirs = seed(dir, Uint8Array.of(1, 2, 3, 4));
    const mine = sha1Hex(Uint8Array.of(5, 6, 7));
    out.add(Uint8Array.of(5, 6, 7), mine);
    expect(out.mayDelete(mine)).toBe(true);
    out.replace(Uint8Array.of(5, 6), sha1Hex(Uint8Array.of(5, 6)), mine);
    expect(existsSync(join(dir, mine))).toBe(false);
    out.replace(Uint8Array.of(1, 2), sha1Hex(Uint8Array.of(1, 2)), theirs);
    expect(existsSync(join(dir, theirs))).toBe(true);
    // A file of the same name written by someone else first (a peer, an earlier run) is not ours.
    const peer = seed(dir, Uint8Array.of(9, 9, 9));
    out.add(Uint8Array.of(9, 9, 9), peer);
    expect(out.mayDelete(peer)).toBe(false);
    out.replace(Uint8Array.of(9), sha1Hex(Uint8Array.of(9)), peer);
    expect(existsSync(join(dir, peer))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith("."))).toEqual([]);
  });

  test("SHA-1-named seeds in the output corpus survive a campaign that reduces them", () => {
    const dir = tempDir();
    const corpus = join(dir, "corpus");
    mkdirSync(corpus);
    // Large inputs of repeated bytes: many_paths reaches the same features with fewer, so REDUCE
    // replaces them (measured at this seed: several hundred REDUCE lines).
    const seeds: string[] = [];
    for (let i = 0; i < 6; i++) seeds.push(seed(corpus, new Uint8Array(200).map((_, j) => (i * 37 + j * 11) & 0xff)));
    const r = bunfuzz(["fuzz", planted("many_paths"), corpus, "-seed=1", "-runs=100000", "-max_len=256"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("REDUCE");
    for (const s of seeds) expect(readFileSync(join(corpus, s)).length).toBe(200);
    for (const name of entries(corpus)) expect(sha1Hex(readFileSync(join(corpus, name)))).toBe(name);
  }, 60_000);
});

describe("held corpus files", () => {
  test("a crash before the worker's first flush leaves every input of its corpus on disk (the supervisor writes its journal)", () => {
    const dir = tempDir();
    const corpus = join(dir, "corpus");
    mkdirSync(corpus);
    // magic_len crashes at this seed after about 80,000 executions, a fraction of the worker's first second.
    const r = bunfuzz(["fuzz", planted("magic_len"), corpus, "-seed=1", `-artifact_prefix=${dir}/`], dir);
    expect(r.stderr).toContain("ERROR: libFuzzer: deadly signal");
    const lines = r.stderr.split("\n").filter((l) => /\t(NEW|REDUCE) /.test(l));
    const corp = Number(/corp: (\d+)/.exec(lines.at(-1) ?? "")?.[1]);
    const files = entries(corpus);
    // Every input but the "\n" the corpus started from (never written, as libFuzzer's).
    expect(files.length).toBeGreaterThanOrEqual(corp - 1);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(sha1Hex(readFileSync(join(corpus, name)))).toBe(name);
  }, 60_000);
});

describe("several processes on one corpus directory", () => {
  test("a second and third process start and run while the first adds and deletes files", async () => {
    const dir = tempDir();
    const corpus = join(dir, "corpus");
    const so = planted("many_paths");
    const first = start(["fuzz", so, corpus, "-seed=1", "-max_len=256", "-len_control=0"], dir);
    try {
      await first.until(() => entries(corpus).length >= 50 && (first.stderr().match(/REDUCE/g)?.length ?? 0) >= 20, "writing and reducing its corpus");
      for (let i = 2; i <= 4; i++) {
        const r = bunfuzz(["fuzz", so, corpus, `-seed=${i}`, "-runs=3000", "-max_len=256"], dir);
        expect({ code: r.code, error: r.stderr.split("\n").filter((l) => l.includes("error")) }).toEqual({ code: 0, error: [] });
        expect(r.stderr).toMatch(/INFO: +\d+ files found/);
      }
    } finally {
      first.proc.kill("SIGINT");
    }
    expect((await first.done()).code).toBe(72);
    for (const name of entries(corpus)) expect(sha1Hex(readFileSync(join(corpus, name)))).toBe(name);
  }, 60_000);
});
