/**
 * -sync_dir: bunfuzz as one instance of an AFL++ sync directory. What the other instances queue is
 * taken in; what bunfuzz finds is queued under AFL++'s names (consecutive id:NNNNNN files, which
 * AFL++'s sync_fuzzers reads by id).
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { start } from "../faults/process.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";
import { sha1Hex } from "../../src/util/sha1.ts";

/** The queue's id: files in order; each named by the SHA-1 of its bytes, ids 0, 1, 2 ... */
function queue(dir: string): string[] {
  const names = readdirSync(dir).filter((n) => n.startsWith("id:")).sort();
  names.forEach((n, i) => {
    expect(n).toBe(`id:${String(i).padStart(6, "0")},sha1:${sha1Hex(readFileSync(join(dir, n)))}`);
  });
  return names;
}

describe.each([[[]], [["-workers=2"]]] as string[][][])("-sync_dir %p", (extra) => {
  test("an input another instance queues is run within -reload seconds", async () => {
    // Without compare feedback the 8-byte keyword is out of reach (test/e2e/planted.test.ts): only
    // the other instance's input can crash this campaign.
    const dir = tempDir(), sync = join(dir, "sync");
    mkdirSync(join(sync, "main", "queue", ".state"), { recursive: true });
    const r = start(["fuzz", planted("keyword_memcmp"), join(dir, "corpus"), "-use_cmp=0", "-seed=1", "-reload=1", `-sync_dir=${sync}`, "-max_total_time=120", `-artifact_prefix=${dir}/`, ...extra], dir);
    await r.until(() => r.stderr().includes("INITED"), "fuzzing");
    writeFileSync(join(sync, "main", "queue", "id:000000,time:0,execs:0,orig:seed"), "SESAME!? and more");
    expect((await r.done()).code).toBe(77);
    const crashes = readdirSync(dir).filter((f) => f.startsWith("crash-"));
    expect(readFileSync(join(dir, crashes[0]!), "utf8")).toBe("SESAME!? and more");
  }, 120_000);

  test("its finds are queued as AFL++ names them, and a second campaign goes on after the last id", () => {
    const dir = tempDir(), sync = join(dir, "sync"), own = join(sync, "bunfuzz", "queue");
    const run = (seed: number) => {
      const r = bunfuzz(["fuzz", planted("many_paths"), join(dir, "corpus"), `-seed=${seed}`, "-runs=20000", `-sync_dir=${sync}`, ...extra], dir);
      expect(r.code).toBe(0);
    };
    run(1);
    const first = queue(own).length;
    expect(first).toBeGreaterThan(5);
    run(2);
    expect(queue(own).length).toBeGreaterThan(first);
  }, 120_000);
});
