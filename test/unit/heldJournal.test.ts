/**
 * The supervisor's journal of held inputs: what a dead supervisor held reaches its corpus directory
 * through the next campaign on it; a live one's journal is left alone; the journal stays bounded by
 * what is held; a journal that fails gives the hold back to a second.
 */
import { expect, test } from "bun:test";
import { closeSync, readdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import { OutputDir } from "../../src/corpus/outputDir.ts";
import { HeldJournal, replayHeldJournals } from "../../src/runner/heldJournal.ts";
import { HeldWrites } from "../../src/runner/heldWrites.ts";
import { sha1Hex } from "../../src/util/sha1.ts";
import { tempDir } from "../helpers/cli.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const named = (s: string) => ({ data: bytes(s), sha1: sha1Hex(bytes(s)) });
const HOLD = 16_000;

/** A pid no process has: one that has just exited. */
function deadPid(): number {
  const p = Bun.spawnSync(["true"]);
  return p.pid;
}

/** The journal files in `folder`. */
const journals = (folder: string) => readdirSync(folder).filter((n) => n.startsWith("bunfuzz-held-"));

/** Renames this process's journal in `folder` as if `pid` had written it. */
function ownedBy(folder: string, pid: number): string {
  const [name] = journals(folder);
  const to = join(folder, name!.replace(/-\d+$/, `-${pid}`));
  renameSync(join(folder, name!), to);
  return to;
}

test("what a dead supervisor held is written by the next campaign on its directory, replaced inputs not", () => {
  const dir = tempDir(), folder = tempDir();
  let now = 0;
  const journal = HeldJournal.create(dir, folder)!;
  const held = new HeldWrites(new OutputDir(dir), () => {}, journal, HOLD, () => now);
  const [a, a2, b, c] = [named("aaaa"), named("aa"), named("bbbb"), named("cccc")];
  held.add(c.sha1, c.data);
  now = HOLD;
  held.flush(); // c is on disk
  held.add(a.sha1, a.data);
  held.replace(a.sha1, a2.sha1, a2.data);
  held.add(b.sha1, b.data);
  held.flush(); // all three are younger than the hold
  expect(readdirSync(dir)).toEqual([c.sha1]);
  ownedBy(folder, deadPid()); // the supervisor is killed
  expect(replayHeldJournals(dir, folder)).toBeGreaterThanOrEqual(3);
  expect(readdirSync(dir).sort()).toEqual([a2.sha1, b.sha1, c.sha1].sort());
  expect(journals(folder)).toEqual([]);
});

test("a live supervisor's journal is left alone, and a journal on another directory is not replayed here", () => {
  const dir = tempDir(), other = tempDir(), folder = tempDir();
  const journal = HeldJournal.create(dir, folder)!;
  const a = named("aaaa");
  journal.record(a.sha1, a.data);
  ownedBy(folder, process.ppid); // the test runner's parent: alive
  expect(replayHeldJournals(dir, folder)).toBe(0);
  expect(readdirSync(dir)).toEqual([]);
  const path = ownedBy(folder, deadPid());
  expect(replayHeldJournals(other, folder)).toBe(0);
  expect(readdirSync(other)).toEqual([]);
  expect(statSync(path).size).toBeGreaterThan(0);
  expect(replayHeldJournals(dir, folder)).toBe(1);
  expect(readdirSync(dir)).toEqual([a.sha1]);
});

test("the journal is written anew once it is more than twice what is held, and still lists every input held", () => {
  const dir = tempDir(), folder = tempDir();
  let now = 0;
  const journal = HeldJournal.create(dir, folder)!;
  const held = new HeldWrites(new OutputDir(dir), () => {}, journal, HOLD, () => now);
  const n = 2000, size = 8192, all: string[] = [];
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const data = new Uint8Array(size).fill(i & 0xff);
    data[0] = i >> 8;
    const sha1 = sha1Hex(data);
    all.push(sha1);
    held.add(sha1, data);
    now += 100;
    if (i % 10 === 9) {
      held.flush();
      largest = Math.max(largest, statSync(join(folder, journals(folder)[0]!)).size);
    }
  }
  // 16 s of finds at 10 a second are held: about 160 inputs, 1.3 MB; the records of all 2,000 take 16.6 MB.
  expect(held.size).toBeGreaterThan(150);
  expect(held.size).toBeLessThanOrEqual(170);
  expect(largest).toBeLessThan(2 * 170 * (size + 85) + (1 << 20));
  const onDisk = readdirSync(dir).length;
  expect(onDisk).toBe(n - held.size);
  ownedBy(folder, deadPid());
  replayHeldJournals(dir, folder);
  expect(readdirSync(dir).sort()).toEqual(all.sort());
});

test("a journal that cannot be written is given up with one warning, and inputs are then held a second at most", () => {
  const dir = tempDir(), folder = tempDir();
  let now = 0;
  const journal = HeldJournal.create(dir, folder)!;
  const held = new HeldWrites(new OutputDir(dir), () => {}, journal, HOLD, () => now);
  closeSync((journal as unknown as { fd: number }).fd); // its descriptor fails from now on
  const a = named("aaaa");
  held.add(a.sha1, a.data);
  expect(journal.broken).toBe(true);
  expect(journals(folder)).toEqual([]);
  now = 1000;
  held.flush();
  expect(readdirSync(dir)).toEqual([a.sha1]);
});

test("no journal can be created where the folder is missing: the campaign goes on without one", () => {
  expect(HeldJournal.create(tempDir(), join(tempDir(), "missing"))).toBeUndefined();
});
