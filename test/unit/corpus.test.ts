import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { Corpus } from "../../src/corpus/corpus.ts";
import { listCorpusFiles, readInputs } from "../../src/corpus/disk.ts";
import { writeCorpusEntry } from "../../src/corpus/outputDir.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";
import { atomicWrite } from "../../src/util/atomicWrite.ts";
import { sha1Hex } from "../../src/util/sha1.ts";
import { tempDir } from "../helpers/cli.ts";

describe("corpus", () => {
  test("costOf: an execution's compare callbacks against the average input's, the engine's overhead on both sides", () => {
    const c = new Corpus();
    expect(c.costOf(5_000)).toBe(1); // nothing to compare with yet
    c.add(Uint8Array.of(1), new Uint32Array([1]), 1, undefined, 0);
    c.add(Uint8Array.of(2), new Uint32Array([2]), 2, undefined, 4_000); // average work 2,000
    expect(c.costOf(2_000)).toBe(1);
    expect(c.costOf(0)).toBeCloseTo(1 / 3);
    expect(c.costOf(89_000)).toBe(30);
    c.replace(c.entries[1]!, Uint8Array.of(3), new Uint32Array([2]), 1_000); // average 500
    expect(c.costOf(500)).toBe(1);
  });
  test("add tracks sizes; entries are named by SHA-1", () => {
    const c = new Corpus();
    c.add(Uint8Array.of(1, 2, 3), new Uint32Array([8]), 1);
    c.add(Uint8Array.of(4), new Uint32Array([9]), 2);
    expect(c.size).toBe(2);
    expect(c.totalBytes).toBe(4);
    expect(c.maxInputSize).toBe(3);
    expect(c.entries[0]!.sha1).toBe(sha1Hex(Uint8Array.of(1, 2, 3)));
    expect(Buffer.from(c.entries[0]!.sha1Bytes).toString("hex")).toBe(c.entries[0]!.sha1);
  });
  test("entries are found by SHA-1, under their new name after a REDUCE", () => {
    const c = new Corpus();
    const a = Uint8Array.of(1, 2, 3), small = Uint8Array.of(1);
    const t = c.add(a, new Uint32Array([8]), 1);
    expect(c.find(sha1Hex(a))).toBe(t);
    expect(c.replace(t, small, new Uint32Array([8]), 0)).toBe(sha1Hex(a));
    expect(c.find(sha1Hex(a))).toBeUndefined();
    expect(c.find(sha1Hex(small))).toBe(t);
    expect(c.totalBytes).toBe(1);
  });
  test("pick favours later entries with weight i+1", () => {
    const c = new Corpus();
    for (let i = 0; i < 4; i++) c.add(Uint8Array.of(i), new Uint32Array(), i);
    const rng = new Xoshiro128(11);
    const hits = [0, 0, 0, 0];
    const N = 100_000;
    for (let i = 0; i < N; i++) hits[c.pick(rng).data[0]!]!++;
    // expected shares 1/10, 2/10, 3/10, 4/10
    hits.forEach((h, i) => expect(Math.abs(h / N - (i + 1) / 10)).toBeLessThan(0.01));
  });
});

describe("corpus on disk", () => {
  test("atomic writes leave no temporary file and entries are whole", () => {
    const dir = tempDir();
    const data = new Uint8Array(100_000).fill(7);
    const p = writeCorpusEntry(dir, data);
    expect(readdirSync(dir)).toEqual([sha1Hex(data)]);
    expect(readFileSync(p).equals(Buffer.from(data))).toBe(true);
    atomicWrite(join(dir, "x"), "hello");
    expect(readdirSync(dir).sort()).toEqual([sha1Hex(data), "x"].sort());
  });
  test("listing recurses, skips dot files (interrupted writes), truncates to max_len", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "a"), "aaaa");
    writeFileSync(join(dir, "sub", "b"), "bb");
    writeFileSync(join(dir, ".tmp-a-1-0"), "half");
    const files = listCorpusFiles([dir]);
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(["a", "sub/b"]);
    expect(readInputs(files, 3).map((i) => Buffer.from(i.data).toString()).sort()).toEqual(["aaa", "bb"]);
  });
  test("listing follows symbolic links to files and directories and skips broken ones", () => {
    const dir = tempDir(), elsewhere = tempDir();
    writeFileSync(join(elsewhere, "f"), "ff");
    mkdirSync(join(elsewhere, "d"));
    writeFileSync(join(elsewhere, "d", "g"), "gg");
    symlinkSync(join(elsewhere, "f"), join(dir, "lf"));
    symlinkSync(join(elsewhere, "d"), join(dir, "ld"));
    symlinkSync(join(elsewhere, "gone"), join(dir, "broken"));
    expect(listCorpusFiles([dir]).map((f) => f.slice(dir.length + 1))).toEqual(["ld/g", "lf"]);
  });
  test("a missing corpus directory is an input error", () => {
    expect(() => listCorpusFiles(["/nonexistent-dir"])).toThrow(/does not exist/);
  });
});
