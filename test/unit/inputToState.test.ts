/**
 * The input-to-state stage against a scripted target: a fake compare trace (laid out as the shim's
 * struct bf_trace) stands in for the shim, so each candidate the stage makes can be checked exactly.
 */
import { expect, test } from "bun:test";
import { TRACE, TRACE_ENTRY, TRACE_ENTRY_SIZE, TRACE_MEM, TRACE_SIZE, TRACE_STR } from "../../src/coverage/abi.ts";
import { CompareTrace } from "../../src/coverage/trace.ts";
import type { EngineConfig } from "../../src/engine/config.ts";
import type { DiscardingExecutor } from "../../src/engine/executor.ts";
import type { LengthControl } from "../../src/engine/lengthControl.ts";
import { Mutant, type MutantSources } from "../../src/engine/mutant.ts";
import type { Dispatcher } from "../../src/mutators/dispatch.ts";
import type { Testcase } from "../../src/corpus/testcase.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";
import { InputToState } from "../../src/stages/inputToState.ts";
import { firstOf, type Stage } from "../../src/stages/types.ts";
import { stateFor } from "../helpers/mutation.ts";

type Entry = { site: number; a: bigint; b: bigint; width: number } | { site: number; mem: [Uint8Array, Uint8Array]; str?: boolean };

/** A fake shim: `target(input)` returns the compares that run fails, which the trace then holds. */
function harness(target: (input: Uint8Array) => Entry[]) {
  const bytes = new Uint8Array(TRACE_SIZE), view = new DataView(bytes.buffer);
  let on = false;
  const trace = new CompareTrace(bytes, (x) => { on = x; });
  const run = (input: Uint8Array) => {
    expect(on).toBe(true);
    const entries = target(input);
    let pool = 0;
    entries.forEach((e, i) => {
      const o = TRACE.e + i * TRACE_ENTRY_SIZE;
      view.setUint32(o + TRACE_ENTRY.site, e.site, true);
      if ("mem" in e) {
        const n = Math.max(e.mem[0].length, e.mem[1].length);
        bytes.set(e.mem[0], TRACE.pool + pool); bytes.set(e.mem[1], TRACE.pool + pool + n);
        view.setBigUint64(o + TRACE_ENTRY.a, BigInt(pool), true); view.setBigUint64(o + TRACE_ENTRY.b, BigInt(pool + n), true);
        view.setUint32(o + TRACE_ENTRY.size, TRACE_MEM | (e.str ? TRACE_STR : 0) | n, true);
        pool += 2 * n;
      } else {
        view.setBigUint64(o + TRACE_ENTRY.a, e.a, true); view.setBigUint64(o + TRACE_ENTRY.b, e.b, true);
        view.setUint32(o + TRACE_ENTRY.size, e.width, true);
      }
    });
    view.setUint32(TRACE.count, entries.length, true);
  };
  return { trace, run, isOn: () => on };
}

function testcase(data: Uint8Array): Testcase {
  return { index: 0, data, sha1: "", sha1Bytes: new Uint8Array(20), uniqFeatures: new Uint32Array(), features: new Uint32Array(), work: 0, addedAt: 0, mutations: 0, successes: 0, staged: false, evicted: false };
}

/** Runs the stage on `base` until `wins(input)` or the stage ends; returns the inputs it ran. */
function stage(base: Uint8Array, target: (input: Uint8Array) => Entry[], wins: (input: Uint8Array) => boolean = () => false, cost?: (input: Uint8Array) => number) {
  let last = new Uint8Array();
  const h = harness(target), st = new InputToState(h.trace, undefined, undefined, cost && (() => cost(last))), s = stateFor([], new Xoshiro128(1), { capacity: 256 });
  const ran: Uint8Array[] = [];
  const t = testcase(base);
  expect(st.begin(t)).toBe(true);
  for (let n; (n = st.next(s)) >= 0;) {
    const input = s.data.slice(0, n);
    ran.push(input);
    h.run(input);
    last = input;
    const won = wins(input);
    st.ran(won ? 1 : 0);
    if (won) break;
  }
  st.end();
  expect(h.isOn()).toBe(false);
  expect(st.begin(t)).toBe(false); // once per corpus input
  return ran;
}

/** A target with 40 distinct magics compared against the first 4 bytes. */
const manyMagics = (d: Uint8Array): Entry[] => Array.from({ length: 40 }, (_, i) => ({ site: i, a: le32(d, 0), b: BigInt(0x51000000 + i), width: 4 }));

const le32 = (d: Uint8Array, at: number) => BigInt(new DataView(d.buffer, d.byteOffset).getUint32(at, true));
const be32 = (d: Uint8Array, at: number) => BigInt(new DataView(d.buffer, d.byteOffset).getUint32(at, false));
const hex = (d: Uint8Array) => Buffer.from(d).toString("hex");

test("an integer operand found in the input is replaced by the other, little- and big-endian", () => {
  const base = Uint8Array.from([9, 0x44, 0x33, 0x22, 0x11, 7]);
  // The target compares the LE u32 at 1 with a magic, then (once equal) the BE u32 at 1 with another.
  const ran = stage(base, (d) => [{ site: 1, a: le32(d, 1), b: 0xcafef00dn, width: 4 }, { site: 2, a: be32(d, 1), b: 0x0badbeefn, width: 4 }]);
  expect(hex(ran[0]!)).toBe(hex(base)); // the base itself runs first, traced
  expect(ran.map(hex)).toContain("090df0feca07");
  expect(ran.map(hex)).toContain("090badbeef07");
});

test("a patch that breaks a compare its parent passed is repaired on top: a tag and its checksum in one step", () => {
  // [tag:4][sum:4 LE]; the target checks sum == byte sum of the tag first, then the tag == "TAG!".
  const sum = (d: Uint8Array) => BigInt(d[0]! + d[1]! + d[2]! + d[3]!);
  const target = (d: Uint8Array): Entry[] => {
    if (sum(d) !== le32(d, 4)) return [{ site: 10, a: sum(d), b: le32(d, 4), width: 4 }];
    return Buffer.from(d.subarray(0, 4)).toString() === "TAG!" ? [] : [{ site: 11, mem: [d.slice(0, 4), Buffer.from("TAG!")] }];
  };
  const base = Uint8Array.from([1, 2, 3, 4, 10, 0, 0, 0]); // a right sum, a wrong tag
  const won = (d: Uint8Array) => target(d).length === 0;
  const ran = stage(base, target, won);
  const last = ran.at(-1)!;
  expect(won(last)).toBe(true);
  expect(Buffer.from(last.subarray(0, 4)).toString()).toBe("TAG!");
  expect(ran.length).toBe(3); // the base, the tag (sum broken), the tag with its sum repaired
});

test("string operands lose their NUL padding; memory operands keep their zero bytes", () => {
  const base = new TextEncoder().encode("cmd=ab\0\0\0\0\0\0\0\0xyz");
  const ran = stage(base, (d) => [
    { site: 1, mem: [d.slice(4, 6), new TextEncoder().encode("quit")], str: true },
    { site: 2, mem: [d.slice(6, 14), new TextEncoder().encode("Z\0\0\0\0\0\0Z")] },
  ]).map((d) => Buffer.from(d).toString("latin1"));
  expect(ran).toContain("cmd=quit\0\0\0\0\0\0xyz"); // "ab" found and written over with "quit"
  expect(ran).toContain("cmd=abZ\0\0\0\0\0\0Zxyz"); // 8 zero bytes are an operand too
});

test("0 and 1 are never searched for, and byte compares are left to the CMP mutator", () => {
  const base = Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 5]);
  const ran = stage(base, (d) => [{ site: 1, a: 0n, b: 77n, width: 4 }, { site: 2, a: 1n, b: 78n, width: 4 }, { site: 3, a: BigInt(d[8]!), b: 6n, width: 1 }]);
  expect(ran.length).toBe(1); // only the base
});

test("an operand inside a run of equal bytes is written at its further occurrences too", () => {
  // [len:4 BE][tag:4]: a zero tag beside a zero length; the tag compare runs only while the length is 0.
  const base = new Uint8Array(12);
  const target = (d: Uint8Array): Entry[] => (be32(d, 0) !== 0n ? [] : [{ site: 1, mem: [d.slice(4, 8), Buffer.from("TAG!")] }]);
  const ran = stage(base, target).map(hex);
  // "\0\0\0\0" occurs at offsets 0-8; the tag is read at 4, the fifth of them.
  expect(ran).toContain(hex(Uint8Array.from([0, 0, 0, 0, ...Buffer.from("TAG!"), 0, 0, 0, 0])));
});

test("a repair writes the stored checksum where it was read, inside a run of its bytes", () => {
  // [tag:4][0xff 0xff][check:4 LE]; check == ~tag (as LE u32) is tested first, then tag == "TAG!".
  const check = (d: Uint8Array) => ~Number(le32(d, 0)) >>> 0;
  const target = (d: Uint8Array): Entry[] => {
    if (BigInt(check(d)) !== le32(d, 6)) return [{ site: 10, a: BigInt(check(d)), b: le32(d, 6), width: 4 }];
    return Buffer.from(d.subarray(0, 4)).toString() === "TAG!" ? [] : [{ site: 11, mem: [d.slice(0, 4), Buffer.from("TAG!")] }];
  };
  const base = Uint8Array.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]); // a right check, a wrong tag
  const won = (d: Uint8Array) => target(d).length === 0;
  const ran = stage(base, target, won);
  // The tag breaks the check, whose stored bytes ff ff ff ff occur at 4, 5 and 6: only 6 repairs it.
  expect(won(ran.at(-1)!)).toBe(true);
  expect(hex(ran.at(-1)!.subarray(4, 6))).toBe("ffff");
});

// A find ends the input-to-state stage's pick, as it ends a pick of mutations; only a partial
// stage's pick goes on. Going on made each find's own first pick a traced run too, and on stb_image
// (inputs that take milliseconds to decode) cost 1.58 times the seconds to the crash at the median of
// 8 seeds, even with each run charged by its cost (bench/results/input-to-state.md).
test("the loop goes on after a find only in a partial stage's pick, not in the input-to-state stage's", () => {
  const h = harness(() => []);
  const partial: Stage = { partial: true, edits: 0, mutatorId: 0, begin: () => true, next: () => -1, ran: () => {}, end: () => {} };
  const header = { mutationIds: new Uint8Array(64), baseSha1: new Uint8Array(20), rngState: new Uint32Array(4), mutationCount: 0 };
  const ex = { input: new Uint8Array(64), header } as unknown as DiscardingExecutor;
  const cfg = { mutateDepth: 1, chainLimit: 0, maxLen: 64, onlyAscii: false } as EngineConfig;
  const sources = { stage: firstOf([new InputToState(h.trace), partial]) } as MutantSources;
  const m = new Mutant(ex, cfg, new Xoshiro128(1), undefined as unknown as Dispatcher, { limit: 64 } as LengthControl, sources);
  const t = testcase(Uint8Array.of(1, 2, 3));
  m.begin(t, undefined); // unstaged: the input-to-state stage owns the pick
  expect(t.staged).toBe(true);
  expect(m.goesOn).toBe(false);
  m.end();
  m.begin(t, undefined); // staged already: the partial stage owns it
  expect(m.goesOn).toBe(true);
  m.end();
  const plain = new Mutant(ex, cfg, new Xoshiro128(1), undefined as unknown as Dispatcher, { limit: 64 } as LengthControl, {} as MutantSources);
  plain.begin(testcase(Uint8Array.of(4)), undefined); // no stage: random mutations
  expect(plain.goesOn).toBe(false);
});

test("a pick is bounded by what its runs cost, not by their number: an input costing 32 average ones stops after 3 runs", () => {
  const base = Uint8Array.from([0x44, 0x33, 0x22, 0x11, 9, 9]);
  const cheap = stage(base, manyMagics);
  expect(cheap.length).toBe(43); // the base and every candidate (40 magics, 2 of their variants not already queued)
  expect(stage(base, manyMagics, () => false, () => 0.25).length).toBe(43); // a run counts as at least one
  expect(stage(base, manyMagics, () => false, () => 32).length).toBe(3); // BUDGET 96 / 32
  // A run's cost is its own: cheap candidates of a costly base (or the other way round) count as they ran.
  expect(stage(base, manyMagics, () => false, (d) => (d[0] === 0x44 ? 64 : 8)).length).toBe(1 + 4);
});
