/** A worker's held corpus files and their journal: what a worker held when it died is written by the supervisor. */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { OutputDir } from "../../src/corpus/outputDir.ts";
import { CorpusJournal, replayJournal } from "../../src/runner/corpusJournal.ts";
import { HeldWrites } from "../../src/runner/heldWrites.ts";
import { createUnlinkedFile, readWhole } from "../../src/util/unlinkedFile.ts";
import { sha1Hex } from "../../src/util/sha1.ts";
import { tempDir } from "../helpers/cli.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const named = (s: string) => ({ data: bytes(s), sha1: sha1Hex(bytes(s)) });

test("the supervisor writes what the worker held, less what was replaced within the journal, and deletes nothing", () => {
  const dir = tempDir(), fd = createUnlinkedFile("-journal-test");
  const held = new HeldWrites(new OutputDir(dir), () => {}, new CorpusJournal(fd));
  const [a, a2, b, b2, c] = [named("aaaa"), named("aa"), named("bbbb"), named("bb"), named("c".repeat(5000))];
  held.add(b.sha1, b.data);
  held.flush(); // b on disk, the journal empty
  expect(readWhole(fd).length).toBe(0);
  held.add(a.sha1, a.data);
  held.replace(a.sha1, a2.sha1, a2.data); // found and reduced before the next flush
  held.replace(b.sha1, b2.sha1, b2.data); // reduces a file already on disk
  held.add(c.sha1, c.data); // longer than the journal's first buffer
  // The worker dies here: nothing more on disk than b.
  expect(readdirSync(dir)).toEqual([b.sha1]);
  expect(replayJournal(fd, dir)).toBe(4);
  expect(readdirSync(dir).sort()).toEqual([a2.sha1, b.sha1, b2.sha1, c.sha1].sort());
  for (const x of [a2, b, b2, c]) expect(readFileSync(join(dir, x.sha1))).toEqual(Buffer.from(x.data));
});

test("a record cut short by the worker's death ends the replay; a flushed journal replays nothing", () => {
  const dir = tempDir(), fd = createUnlinkedFile("-journal-test");
  const journal = new CorpusJournal(fd);
  const [a, b] = [named("aaaa"), named("bbbb")];
  journal.record(a.sha1, a.data);
  journal.record(b.sha1, b.data);
  const whole = readWhole(fd);
  const cut = createUnlinkedFile("-journal-test");
  writeSync(cut, whole, 0, whole.length - 2, 0);
  expect(replayJournal(cut, dir)).toBe(1);
  expect(readdirSync(dir)).toEqual([a.sha1]);
  journal.clear();
  expect(replayJournal(fd, tempDir())).toBe(0);
});
