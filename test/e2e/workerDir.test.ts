/** A native worker starts in / (runner/workerStartDir.ts) and works in the campaign's directory from its first step. */
import { expect, test } from "bun:test";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

test("a native worker started in / works in the campaign's directory: relative -dict and corpus paths", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "words.dict"), 'kw1="BFZ1"\nkw2="!"\n');
  const r = bunfuzz(["fuzz", planted("many_paths"), "corpus", "-dict=words.dict", "-runs=2000", "-seed=1"], dir);
  expect(r.stderr).toContain("Dictionary: 2 entries");
  expect(r.code).toBe(0);
  expect(readdirSync(join(dir, "corpus")).length).toBeGreaterThan(0);
}, 60_000);
