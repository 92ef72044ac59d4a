/**
 * Self-fuzz of the Smith format: random byte strings and random value lists through decode, encode,
 * describe, the reader and the value mutators, checking invariants:
 *
 *  1. decode and describe accept any bytes (no exception), random or a damaged valid file;
 *  2. decoded values re-encode, and decode(encode(decode(x))) equals decode(x) (values and tail);
 *     encode is a fixed point from there on;
 *  3. encode(values) decodes to the same values for random valid value lists;
 *  4. the reader never throws on any bytes, and replaying canonicalize(h, x) gives h the values x gave;
 *  5. value mutators keep inputs within maxSize and decodable.
 *
 *   bun test/fuzz/smith-format.ts [iterations=20000] [seed=1]
 * The unit test test/unit/smith-fuzz.test.ts runs it with a small N.
 */
import { decode, encode } from "../../src/smith/codec.ts";
import { describe } from "../../src/smith/describe.ts";
import { BIGINT_MAX, type Domain, type SmithValue, type Value } from "../../src/smith/kinds.ts";
import { valueFromContent, valueFromRaw } from "../../src/smith/mapping.ts";
import { SMITH_MUTATORS } from "../../src/smith/mutate/rows.ts";
import { canonicalize, record } from "../../src/smith/record.ts";
import type { Smith } from "../../src/smith/smith.ts";
import { signatureId } from "../../src/smith/signature.ts";
import type { ComparePair, CompareSource, MutationState } from "../../src/mutators/types.ts";
import { WordList } from "../../src/mutators/words.ts";
import { Xoshiro128, type Rng } from "../../src/rng/rng.ts";


/** Deep equality for values and domains: Object.is on numbers (NaN equal, -0 distinct), bytes elementwise. */
export function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => k !== "source" && k !== "label").sort();
    const kb = Object.keys(b).filter((k) => k !== "source" && k !== "label").sort();
    return same(ka, kb) && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function fail(what: string, input: Uint8Array, extra = ""): never {
  throw new Error(`smith-format: ${what}\ninput (${input.length} bytes): ${Buffer.from(input).toString("hex")}\n${extra}`);
}

function randomBytes(rng: Rng, max: number): Uint8Array {
  const b = new Uint8Array(rng.below(max + 1));
  for (let i = 0; i < b.length; i++) b[i] = rng.bool() ? rng.below(256) : rng.below(12);
  return b;
}

/** A copy of `b` with 1..3 random byte edits (change, insert, delete). */
function damage(rng: Rng, b: Uint8Array): Uint8Array {
  const a = Array.from(b);
  for (let n = 1 + rng.below(3); n > 0; n--) {
    const at = rng.below(a.length + 1);
    const k = rng.below(3);
    if (k === 0 && at < a.length) a[at] = rng.below(256);
    else if (k === 1) a.splice(at, 0, rng.below(256));
    else if (at < a.length) a.splice(at, 1);
  }
  return Uint8Array.from(a);
}

/** A random domain a harness could ask for (small ranges more often). */
function randomDomain(rng: Rng): Domain {
  const small = () => rng.below(rng.bool() ? 10 : 1000);
  switch (rng.below(10)) {
    case 0: return { kind: "bool" };
    case 1: return { kind: "more" };
    case 2: {
      const min = rng.bool() ? small() - 500 : (rng.bool() ? -1 : 1) * rng.below(2 ** 31) * 2 ** rng.below(22);
      return { kind: "int", min, max: Math.min(Number.MAX_SAFE_INTEGER, min + (rng.bool() ? small() : rng.next() * 2 ** rng.below(22))) };
    }
    case 3: {
      const min = (BigInt(rng.next()) * (rng.bool() ? -1n : 1n)) << BigInt(rng.below(32));
      const max = min + (BigInt(rng.next()) << BigInt(rng.below(33)));
      return { kind: "bigint", min, max: max > BIGINT_MAX ? BIGINT_MAX : max };
    }
    case 4: {
      if (rng.bool()) return { kind: "float", ranged: false, min: -Infinity, max: Infinity };
      const a = (rng.next() - 2 ** 31) / (rng.below(1000) + 1), b = a + rng.next() / (rng.below(100) + 1);
      return { kind: "float", ranged: true, min: rng.below(8) === 0 ? -Infinity : a, max: rng.below(8) === 0 ? Infinity : b };
    }
    case 5: return { kind: "pick", n: 1 + small() };
    case 6: {
      const weights: number[] = Array.from({ length: 1 + rng.below(6) }, () => (rng.below(4) === 0 ? 0 : rng.below(rng.bool() ? 10 : 2 ** 32)));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      return { kind: "weighted", weights };
    }
    case 7: { const min = rng.below(4); return { kind: "length", min, max: min + small() }; }
    case 8: { const min = rng.below(4); return { kind: "bytes", minLength: min, maxLength: min + rng.below(20) }; }
    default: { const min = rng.below(4); return { kind: "string", ascii: rng.bool(), minLength: min, maxLength: min + rng.below(20) }; }
  }
}

/** A random valid value of d, made the way the reader makes one (from random raw words or content). */
function randomValue(rng: Rng, d: Domain): Value {
  if (d.kind === "bytes" || d.kind === "string") {
    const c = randomBytes(rng, 24);
    return valueFromContent(d, c, 0, c.length);
  }
  return valueFromRaw(d, rng.next(), rng.bool() ? 0 : rng.next());
}

/** A harness whose calls are decided by `plan` (a fixed stream) and whose values come from the input. */
function planHarness(planSeed: number): (s: Smith) => Value[] {
  return (s) => {
    const plan = new Xoshiro128(planSeed);
    const out: Value[] = [];
    const one = (): void => {
      switch (plan.below(11)) {
        case 0: out.push(s.bool()); break;
        case 1: out.push(s.int(-3, plan.below(300))); break;
        case 2: out.push(s.bigint(-5n, BigInt(plan.next()) << 20n)); break;
        case 3: out.push(plan.bool() ? s.float() : s.float({ min: -1, max: plan.below(100) })); break;
        case 4: out.push(s.pick(["a", "b", "c", "d", "e"].slice(0, 1 + plan.below(5)))); break;
        case 5: out.push(s.weighted([[plan.below(3), "x"], [1, "y"], [plan.below(5), "z"]])); break;
        case 6: out.push(s.bytes({ minLength: plan.below(3), maxLength: 3 + plan.below(8) })); break;
        case 7: out.push(s.string({ ascii: plan.bool(), minLength: plan.below(2), maxLength: 2 + plan.below(6) })); break;
        case 8: out.push(s.int(0, 9, `label${plan.below(3)}`)); break;
        case 9: out.push(...s.array(0, 3, (t) => t.bool())); break;
        default: {
          let n = 0;
          while (s.more() && n++ < 100) out.push(s.int(0, 255));
        }
      }
    };
    const calls = 1 + plan.below(12);
    for (let i = 0; i < calls; i++) one();
    return out;
  };
}

/** A mutation state whose dictionary and compare log hold random words (malformed UTF-8 included). */
function mutationState(rng: Rng, cap: number, other: () => Uint8Array | undefined): MutationState {
  const dict = new WordList();
  for (let i = 0; i < 8; i++) dict.add(randomBytes(rng, 12));
  dict.add(new TextEncoder().encode("é€𝄞"));
  const compares: CompareSource = {
    pickPair(r: Rng, pair: ComparePair): boolean {
      if (r.below(4) === 0) return false;
      pair.width = [0, 1, 2, 4, 8][r.below(5)]!;
      pair.aLen = pair.bLen = pair.width || r.below(10);
      for (let i = 0; i < pair.aLen; i++) { pair.a[i] = r.below(256); pair.b[i] = r.below(256); }
      return true;
    },
  };
  return {
    data: new Uint8Array(cap), size: 0, maxSize: cap, scratch: new Uint8Array(cap), rng, otherInput: other,
    manualDict: dict, autoDict: new WordList(), compares, lastWord: new Uint8Array(256), lastWordLen: 0,
  };
}

/** Checks invariant 2 on one input. */
export function checkDecode(input: Uint8Array): void {
  const d = decode(input);
  describe(input);
  let e: Uint8Array;
  try { e = encode(d.values, d.tail); } catch (err) { fail(`decoded values do not re-encode: ${String(err)}`, input); }
  const d2 = decode(e);
  if (d.format === "raw") {
    if (d2.values.length !== 0 || !same(d2.tail, input)) fail("a raw input did not re-encode as its tail", input);
    return;
  }
  if (!same(d2.values, d.values)) fail("decode(encode(decode(x))) != decode(x)", input, describe(input) + "\n---\n" + describe(e));
  if (!same(d2.tail, d.tail)) fail("tail changed through encode", input);
  if (!same(encode(d2.values, d2.tail), e)) fail("encode is not a fixed point", input);
}

/** Runs `iterations` rounds from `seed`; throws with the failing input on the first broken invariant. */
export function fuzzSmithFormat(iterations: number, seed: number): { checked: number } {
  const rng = new Xoshiro128(seed);
  let checked = 0;
  const corpus: Uint8Array[] = [];
  const ms = mutationState(rng, 512, () => (corpus.length ? corpus[rng.below(corpus.length)] : undefined));
  for (let it = 0; it < iterations; it++) {
    // 1-2: arbitrary bytes, with the header half of the time
    const body = randomBytes(rng, 64);
    const input = rng.bool() ? Uint8Array.from([0xf5, 0x53, 0x4d, 0x54, 1, ...body]) : body;
    checkDecode(input);
    // 3: random value lists
    const sites = Array.from({ length: 1 + rng.below(5) }, () => randomDomain(rng));
    const values: SmithValue[] = Array.from({ length: rng.below(12) }, () => {
      const i = rng.below(sites.length), domain = sites[i]!;
      return { site: (signatureId(domain) ^ i) >>> 0, domain, value: randomValue(rng, domain) };
    });
    const enc = encode(values);
    if (!same(decode(enc).values, values)) fail("encode(values) did not decode to the values", enc, describe(enc) + "\nexpected: " + values.map((v) => `${String(v.value)} ${JSON.stringify(v.domain, (_k, x) => (typeof x === "bigint" ? `${x}n` : x))}`).join("\n"));
    checkDecode(enc);
    // 1-2 again on a damaged valid file: valid site tables with broken records, counts, kinds
    const damaged = damage(rng, enc);
    checkDecode(damaged);
    if (record(planHarness(rng.next()), damaged).threw) fail("the reader threw on a damaged file", damaged);
    // 4: the reader on any bytes, and canonical replay
    const h = planHarness(rng.next());
    const r1 = record(h, input);
    if (r1.threw) fail(`the reader threw: ${String(r1.error)}`, input);
    const canon = canonicalize(h, input);
    const r2 = record(h, canon);
    if (!same(r2.values, r1.values)) fail("canonical replay gave other values", input, describe(canon));
    if (r2.values.some((v) => v.source !== "record")) fail("canonical replay read past its records", input, describe(canon));
    checkDecode(canon);
    // 5: mutate the canonical input; results stay within maxSize and decode consistently
    if (corpus.length < 64) corpus.push(canon);
    else corpus[rng.below(64)] = canon;
    if (canon.length <= ms.maxSize) {
      ms.data.set(canon);
      ms.size = canon.length;
      for (let k = 0; k < 4; k++) {
        const row = SMITH_MUTATORS[rng.below(SMITH_MUTATORS.length)]!;
        const before = ms.data.slice(0, ms.size);
        const n = row.fn(ms);
        if (n === 0) { if (!same(ms.data.slice(0, ms.size), before)) fail(`${row.name} skipped but changed the input`, before); continue; }
        if (n > ms.maxSize) fail(`${row.name} returned ${n} > maxSize`, before);
        ms.size = n;
        const out = ms.data.slice(0, n);
        if (decode(out).format !== "smith") fail(`${row.name} produced a non-Smith input`, before);
        checkDecode(out);
        if (record(h, out).threw) fail(`the reader threw after ${row.name}`, out);
      }
    }
    checked++;
  }
  return { checked };
}

if (import.meta.main) {
  const n = Number(process.argv[2] ?? 20000), seed = Number(process.argv[3] ?? 1);
  const t = performance.now();
  const { checked } = fuzzSmithFormat(n, seed);
  console.log(`smith-format: ${checked} iterations at seed ${seed}, all invariants held (${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
