/** The supervisor's view of a campaign's corpus: which REDUCEs go on to the other workers, and the files. */
import { expect, test } from "bun:test";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OutputDir } from "../../src/corpus/outputDir.ts";
import { CampaignCorpus } from "../../src/runner/campaignCorpus.ts";
import { HeldWrites } from "../../src/runner/heldWrites.ts";
import { sha1Hex } from "../../src/util/sha1.ts";
import { tempDir } from "../helpers/cli.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

test("a REDUCE of a campaign input goes on to the others once; a later one of the same input is stale", () => {
  const dir = tempDir();
  const held = new HeldWrites(new OutputDir(dir), () => {});
  const c = new CampaignCorpus(held);
  const big = bytes("xxxxxxxx"), small = bytes("xx"), other = bytes("xxx");
  const name = c.add(big);
  held.flush();
  expect(name).toBe(sha1Hex(big));
  expect([c.size, c.bytes]).toEqual([1, 8]);
  expect(c.reduce(name, small)).toEqual({ data: small, old: name });
  expect(c.bytes).toBe(2);
  // A worker that had not heard of the first REDUCE reduces the same input its own way.
  expect(c.reduce(name, other)).toBeUndefined();
  // The smaller one can be reduced again, under its own name.
  expect(c.reduce(sha1Hex(small), bytes("x"))).toEqual({ data: bytes("x"), old: sha1Hex(small) });
  held.flush();
  expect(readdirSync(dir)).toEqual([sha1Hex(bytes("x"))]);
  expect([c.size, c.bytes]).toEqual([1, 1]);
});

test("a REDUCE of a seed the workers loaded goes on too; the seed's file stays", () => {
  const dir = tempDir();
  const seed = bytes("seed seed seed"), small = bytes("seed");
  writeFileSync(join(dir, sha1Hex(seed)), seed);
  const held = new HeldWrites(new OutputDir(dir), () => {});
  const c = new CampaignCorpus(held);
  c.seeded([[sha1Hex(seed), seed.length]], 1, seed.length);
  expect(c.reduce(sha1Hex(seed), small)).toEqual({ data: small, old: sha1Hex(seed) });
  held.flush();
  expect(readdirSync(dir).sort()).toEqual([sha1Hex(seed), sha1Hex(small)].sort());
  expect([c.size, c.bytes]).toEqual([1, 4]);
});

test("a REDUCE of an input the campaign never took (another worker had found it first) is dropped", () => {
  const c = new CampaignCorpus();
  expect(c.reduce(sha1Hex(bytes("never sent")), bytes("n"))).toBeUndefined();
});
