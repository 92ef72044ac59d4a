/**
 * The shim in this process (one shared region per process, so every in-process shim check lives in
 * this file): hit-count buckets, features, rejected inputs, several instrumented modules with both
 * counter kinds, and the compare log.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../../src/build/compile.ts";
import { shimLibrary } from "../../src/build/shim.ts";
import { CMP_INT, CMP_INT_SIZE, CMP_INT_SLOTS, CMP_INTS_OFFSET, CMP_MEM, CMP_MEM_SIZE, CMP_MEM_SLOTS, CMP_MEMS_OFFSET } from "../../src/coverage/abi.ts";
import { CompareLog } from "../../src/coverage/cmpLog.ts";
import { Shim } from "../../src/coverage/ffi.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";
import { CACHE_DIR } from "../../src/util/paths.ts";
import { tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

let shim: Shim;
const cache = join(CACHE_DIR, "test-targets");

function run(bytes: number[]): number {
  shim.input.set(bytes, 0);
  return shim.run(bytes.length);
}

/** The memory operands in the compare log, as text pairs. */
function memPairs(): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < CMP_MEM_SLOTS; i++) {
    const at = CMP_MEMS_OFFSET + i * CMP_MEM_SIZE;
    const la = shim.cmpLog.getUint32(at + CMP_MEM.lenA, true), lb = shim.cmpLog.getUint32(at + CMP_MEM.lenB, true);
    if (!la && !lb) continue;
    const text = (off: number, n: number) => Buffer.from(shim.cmpLogBytes.subarray(at + off, at + off + n)).toString();
    out.push([text(CMP_MEM.a, la), text(CMP_MEM.b, lb)]);
  }
  return out;
}

/** The integer operands in the compare log: [a, b, size in bytes]. */
function intPairs(): [bigint, bigint, number][] {
  const out: [bigint, bigint, number][] = [];
  for (let i = 0; i < CMP_INT_SLOTS; i++) {
    const at = CMP_INTS_OFFSET + i * CMP_INT_SIZE;
    const size = shim.cmpLog.getUint32(at + CMP_INT.size, true);
    if (size) out.push([shim.cmpLog.getBigUint64(at + CMP_INT.a, true), shim.cmpLog.getBigUint64(at + CMP_INT.b, true), size]);
  }
  return out;
}

beforeAll(() => {
  shim = new Shim(shimLibrary(), join(tempDir(), "shm"), 4096, 0, 0);
  shim.loadTarget(compileCached("counts", [join(import.meta.dir, "../helpers/counts.c")], cache, DEFAULT_INSTRUMENT, { quiet: true }));
});

describe("features", () => {
  test("one new feature per hit-count bucket: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+", () => {
    // Running n = 0..255 in order, the loop block's counter is n + k (k depends on how the compiler
    // shaped the loop), so new features past the small counts appear exactly where n + k crosses
    // a bucket boundary: 4, 8, 16, 32, 128.
    const newAt: number[] = [];
    for (let n = 0; n < 256; n++) if (run([n]) > 0) newAt.push(n);
    const late = newAt.filter((n) => n > 6);
    const k = 8 - late[0]!;
    expect(Math.abs(k)).toBeLessThanOrEqual(1);
    expect(late.map((n) => n + k)).toEqual([8, 16, 32, 128]);
  });
  test("touched features are sorted and include the new ones; cov and ft add up", () => {
    // The first two-byte input: `size >= 2` and `data[1] == 'x'` are each a branch of their own
    // (functions are built optforfuzzing, so SimplifyCFG keeps the && as two branches).
    expect(run([1, 0x78])).toBe(2);
    const t = shim.touched.subarray(0, shim.stats.touchedCount);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThan(t[i - 1]!);
    expect(Array.from(t)).toContain(shim.newFeatures[0]!);
    expect(shim.stats.totalFeatures).toBeGreaterThan(shim.stats.coveredEdges);
  });
  test("an input the target rejects (returns -1) adds nothing", () => {
    expect(run([200, 0x72])).toBe(-1);
    expect(shim.stats.newCount).toBe(0);
  });
  test("a second module with trace-pc-guard gets its own edge range", () => {
    const firstEdges = shim.stats.numEdges, modules = shim.stats.numModules;
    shim.loadTarget(planted("keyword_memcmp", { coverage: "pc-guard" }));
    expect(shim.stats.numModules).toBe(modules + 1);
    expect(shim.stats.numEdges).toBeGreaterThan(firstEdges);
    expect(run([1, 2, 3])).toBeGreaterThan(0);
    const t = shim.touched.subarray(0, shim.stats.touchedCount);
    const depth = shim.stats.depthEdge;
    for (const f of t) if (f >>> 3 < depth || f >>> 3 >= depth + 32) expect(f >>> 3).toBeGreaterThanOrEqual(firstEdges); // only the new module ran
  });
  test("memcmp operands reach the compare log (through the --wrap'd memcmp)", () => {
    run(Array.from(new TextEncoder().encode("SESAME!!")));
    const log = new CompareLog(shim.cmpLog, shim.cmpLogBytes, 1);
    const pair = { a: new Uint8Array(64), aLen: 0, b: new Uint8Array(64), bLen: 0, width: 0 };
    const rng = new Xoshiro128(1);
    let found = false;
    for (let i = 0; i < 200 && !found; i++) {
      if (log.pickPair(rng, pair) && pair.width === 0) {
        const both = [pair.a.subarray(0, pair.aLen), pair.b.subarray(0, pair.bLen)].map((b) => Buffer.from(b).toString());
        found = both.includes("SESAME!?") && both.includes("SESAME!!");
      }
    }
    expect(found).toBe(true);
  });
  test("strcasestr's operands reach the compare log (bunfuzz build wraps it, as it wraps memcmp)", () => {
    shim.loadTarget(compileCached("casestr", [join(import.meta.dir, "../helpers/casestr.c")], cache, DEFAULT_INSTRUMENT, { quiet: true }));
    run(Array.from(new TextEncoder().encode("haystack")));
    expect(memPairs()).toContainEqual(["haystack", "NeedleInCase"]);
  });
  test("-fsanitize-coverage=trace-div: a divisor reaches the compare log as a compare with 0 (libFuzzer's)", () => {
    const flags = ["-fsanitize-coverage=trace-div"];
    shim.loadTarget(compileCached("divide", [join(import.meta.dir, "../helpers/divide.c")], cache, DEFAULT_INSTRUMENT, { quiet: true, flags }));
    run([0x28, 0x23, 0, 0]); // 9000: the divisor is 8000
    expect(intPairs()).toContainEqual([8000n, 0n, 4]);
  });
  test("__libfuzzer_extra_counters: read as features and cleared after every execution", () => {
    shim.loadTarget(compileCached("extra_counters", [join(import.meta.dir, "../helpers/extra_counters.c")], cache, DEFAULT_INSTRUMENT, { quiet: true }));
    expect(run([5])).toBeGreaterThan(0);
    expect(run([5])).toBe(0); // not -1: the counter was cleared; and nothing new
    expect(run([5, 0, 0])).toBe(1); // the same edges, the extra counter in a new hit-count bucket
    expect(run([5, 0, 0])).toBe(0);
    expect(run([6])).toBe(1); // another counter of the array
  });
  test("stack depth: deeper recursion is a new feature within one hit-count bucket, and never cov", () => {
    shim.loadTarget(compileCached("depth", [join(import.meta.dir, "../helpers/depth.c")], cache, DEFAULT_INSTRUMENT, { quiet: true }));
    run([40]);
    const cov = shim.stats.coveredEdges, depth = shim.stats.depthEdge;
    expect(depth).toBeGreaterThan(0);
    let deeper = 0, again = 0;
    for (let n = 41; n < 127; n++) {
      const k = run([n]);
      if (k <= 0) continue;
      deeper++;
      for (const f of shim.newFeatures.subarray(0, k)) expect(f >>> 3 >= depth && f >>> 3 < depth + 32).toBe(true);
    }
    for (let n = 41; n < 127; n++) if (run([n]) > 0) again++;
    expect(deeper).toBeGreaterThanOrEqual(4); // one feature per step of 8*log2(words); a frame here is ~64 bytes
    expect(again).toBe(0);
    expect(shim.stats.coveredEdges).toBe(cov);
  });
  test("work counts the compare callbacks of the last execution: the same for the same input, one per loop iteration here", () => {
    shim.loadTarget(compileCached("work", [join(import.meta.dir, "../helpers/work.c")], cache, DEFAULT_INSTRUMENT, { quiet: true }));
    run([10, 7]);
    const w10 = shim.stats.work;
    run([100, 7]);
    const w100 = shim.stats.work;
    run([10, 7]);
    expect(shim.stats.work).toBe(w10); // reset per execution: a deterministic cost
    expect(w100 - w10).toBe(90);
  });
});
