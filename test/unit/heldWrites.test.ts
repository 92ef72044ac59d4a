/** The supervisor's held corpus writes: what is replaced before a flush never reaches the disk. */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OutputDir } from "../../src/corpus/outputDir.ts";
import { HeldWrites } from "../../src/runner/heldWrites.ts";
import { sha1Hex } from "../../src/util/sha1.ts";
import { tempDir } from "../helpers/cli.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const named = (s: string) => ({ data: bytes(s), sha1: sha1Hex(bytes(s)) });

test("an input found and replaced between two flushes is never written; a flushed one is replaced new-first", () => {
  const dir = tempDir(), written: string[] = [];
  const held = new HeldWrites(new OutputDir(dir), (p) => written.push(p));
  const [a, a2, b, b2] = [named("aaaa"), named("aa"), named("bbbb"), named("bb")];
  held.add(a.sha1, a.data);
  held.replace(a.sha1, a2.sha1, a2.data); // REDUCE within the second
  held.add(b.sha1, b.data);
  expect(readdirSync(dir)).toEqual([]); // nothing before the flush
  held.flush();
  expect(readdirSync(dir).sort()).toEqual([a2.sha1, b.sha1].sort());
  expect(written).toEqual([join(dir, a2.sha1), join(dir, b.sha1)]);
  held.replace(b.sha1, b2.sha1, b2.data);
  expect(readdirSync(dir)).toContain(b.sha1); // held: the old file stays until the new one lands
  held.flush();
  expect(readdirSync(dir).sort()).toEqual([a2.sha1, b2.sha1].sort());
  expect(readFileSync(join(dir, b2.sha1), "latin1")).toBe("bb");
});

test("an input deleted and found again before a flush keeps its file", () => {
  const dir = tempDir();
  const held = new HeldWrites(new OutputDir(dir), () => {});
  const [a, a2] = [named("aaaa"), named("aa")];
  held.add(a.sha1, a.data);
  held.flush();
  held.replace(a.sha1, a2.sha1, a2.data); // a's file is queued for deletion...
  held.add(a.sha1, a.data); // ...and a is found again: its file must stay
  held.flush();
  expect(readdirSync(dir).sort()).toEqual([a.sha1, a2.sha1].sort());
});

test("with a hold, a flush writes only inputs held long enough, and a replaced file goes only once its replacement is written", () => {
  const dir = tempDir();
  let now = 0;
  const held = new HeldWrites(new OutputDir(dir), () => {}, undefined, 4000, () => now);
  const [a, a2, a3, b, c] = [named("aaaa"), named("aaa"), named("aa"), named("bbbb"), named("cccc")];
  held.add(a.sha1, a.data);
  now = 4000;
  held.add(b.sha1, b.data);
  held.flush();
  expect(readdirSync(dir)).toEqual([a.sha1]); // b is 0 ms old
  held.replace(a.sha1, a2.sha1, a2.data);
  now = 6000;
  held.replace(a2.sha1, a3.sha1, a3.data); // a2 never reaches the disk; a's file waits for a3 now
  held.flush();
  expect(readdirSync(dir)).toEqual([a.sha1]);
  now = 9000;
  held.flush(); // b (5 s) written; a3 (3 s) held, so a stays
  expect(readdirSync(dir).sort()).toEqual([a.sha1, b.sha1].sort());
  now = 10000;
  held.flush();
  expect(readdirSync(dir).sort()).toEqual([a3.sha1, b.sha1].sort());
  expect(readFileSync(join(dir, a3.sha1), "latin1")).toBe("aa");
  held.add(c.sha1, c.data);
  held.flush(true); // the campaign's end: everything held
  expect(readdirSync(dir).sort()).toEqual([a3.sha1, b.sha1, c.sha1].sort());
});

test("with a hold, an evicted input's older file goes at the next flush", () => {
  const dir = tempDir();
  let now = 0;
  const held = new HeldWrites(new OutputDir(dir), () => {}, undefined, 4000, () => now);
  const [a, a2] = [named("aaaa"), named("aa")];
  held.add(a.sha1, a.data);
  held.flush(true);
  held.replace(a.sha1, a2.sha1, a2.data);
  held.remove(a2.sha1); // -shrink evicts a2 before it is written
  held.flush();
  expect(readdirSync(dir)).toEqual([]);
});

test("a file taken off the deletes (found again) stays when the input it waited for is replaced in turn", () => {
  const dir = tempDir();
  let now = 0;
  const held = new HeldWrites(new OutputDir(dir), () => {}, undefined, 4000, () => now);
  const [a, a2, a3] = [named("aaaa"), named("aaa"), named("aa")];
  held.add(a.sha1, a.data);
  held.flush(true);
  held.replace(a.sha1, a2.sha1, a2.data); // a's file waits for a2
  held.add(a.sha1, a.data); // a found again: its file stays
  held.replace(a2.sha1, a3.sha1, a3.data); // a2 never written; nothing waits for a3
  now = 5000;
  held.flush();
  expect(readdirSync(dir).sort()).toEqual([a.sha1, a3.sha1].sort());
});
