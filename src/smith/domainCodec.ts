/**
 * Domains in site entries: writing them (encode) and reading them back exactly (decode, describe).
 * Reading normalises what a harness could never have asked for (min above max, zero weights,
 * lengths past MAX_LENGTH) into the nearest domain it could, so every decoded domain re-encodes to
 * itself. The reader never uses stored domains: it maps stored raw words through the domain the
 * harness asks for now. Stored domains serve the value mutators and describe().
 */
import { BIGINT_MAX, BIGINT_MIN, KIND, MAX_LENGTH, MAX_WEIGHT, type Domain } from "./kinds.ts";
import { OUT, readVarint } from "./u64.ts";
import { readBigVarint, unzigzag, zigzag, type ByteWriter } from "./writer.ts";

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function clampBig(x: bigint, lo: bigint, hi: bigint): bigint {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Throws RangeError unless `d` is a domain a harness could ask for (the reader's own checks):
 * only those round-trip through the encoding.
 */
export function checkDomain(d: Domain): void {
  const len = (a: number, b: number) => Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a <= b && b <= MAX_LENGTH;
  let ok: boolean;
  switch (d.kind) {
    case "bool": case "more": ok = true; break;
    case "int": ok = Number.isSafeInteger(d.min) && Number.isSafeInteger(d.max) && d.min <= d.max; break;
    case "bigint": ok = d.min >= BIGINT_MIN && d.max <= BIGINT_MAX && d.min <= d.max && d.max - d.min <= BIGINT_MAX; break;
    case "float": ok = d.ranged ? d.min <= d.max : d.min === -Infinity && d.max === Infinity; break;
    case "pick": ok = Number.isInteger(d.n) && d.n >= 1 && d.n <= 4294967296; break;
    case "weighted":
      ok = d.weights.length > 0 && d.weights.every((w) => Number.isInteger(w) && w >= 0 && w <= MAX_WEIGHT) && d.weights.some((w) => w > 0);
      break;
    case "length": ok = len(d.min, d.max); break;
    case "bytes": case "string": ok = len(d.minLength, d.maxLength); break;
  }
  if (!ok) throw new RangeError(`not a domain a harness can ask for: ${JSON.stringify(d, (_k, x) => (typeof x === "bigint" ? `${x}n` : x))}`);
}

/** Writes a domain's bytes (the part of a site entry after id and kind). */
export function writeDomain(w: ByteWriter, d: Domain): void {
  switch (d.kind) {
    case "bool": case "more": return;
    case "length":
      w.uint(d.min);
      w.uint(d.max - d.min);
      return;
    case "int":
      w.bigVarint(zigzag(BigInt(d.min)));
      w.bigVarint(BigInt(d.max) - BigInt(d.min));
      return;
    case "bigint":
      w.bigVarint(zigzag(d.min));
      w.bigVarint(d.max - d.min);
      return;
    case "float":
      w.u8(d.ranged ? 1 : 0);
      if (d.ranged) { w.f64(d.min); w.f64(d.max); }
      return;
    case "pick": w.uint(d.n); return;
    case "weighted":
      w.uint(d.weights.length);
      for (const x of d.weights) w.uint(x);
      return;
    case "bytes":
      w.uint(d.minLength);
      w.uint(d.maxLength - d.minLength);
      return;
    case "string":
      w.u8(d.ascii ? 1 : 0);
      w.uint(d.minLength);
      w.uint(d.maxLength - d.minLength);
      return;
  }
}

/** Reads a (min, span) pair of a well-formed entry (Layout checked the bytes). */
function minSpan(b: Uint8Array, pos: number, end: number, signed: boolean): [bigint, bigint] {
  const m = readBigVarint(b, pos, end);
  const s = readBigVarint(b, m.pos, end);
  return [signed ? unzigzag(m.value) : m.value, s.value & ((1n << 64n) - 1n)];
}

function lengths(b: Uint8Array, pos: number, end: number): { minLength: number; maxLength: number } {
  const [min, span] = minSpan(b, pos, end, false);
  const lo = clampBig(min, 0n, BigInt(MAX_LENGTH));
  return { minLength: Number(lo), maxLength: Number(clampBig(lo + span, lo, BigInt(MAX_LENGTH))) };
}

/** Reads the domain of a `kind` entry whose domain bytes are b[pos..end) (as scanned by Layout). */
export function readDomain(b: Uint8Array, kind: number, pos: number, end: number): Domain {
  switch (kind) {
    case KIND.bool: return { kind: "bool" };
    case KIND.more: return { kind: "more" };
    case KIND.length: {
      const l = lengths(b, pos, end);
      return { kind: "length", min: l.minLength, max: l.maxLength };
    }
    case KIND.int: {
      const [min, span] = minSpan(b, pos, end, true);
      const lo = clampBig(min, -SAFE, SAFE);
      return { kind: "int", min: Number(lo), max: Number(clampBig(lo + span, lo, SAFE)) };
    }
    case KIND.bigint: {
      const [min, span] = minSpan(b, pos, end, true);
      const lo = clampBig(min, BIGINT_MIN, BIGINT_MAX);
      return { kind: "bigint", min: lo, max: clampBig(lo + span, lo, BIGINT_MAX) };
    }
    case KIND.float: {
      if ((b[pos]! & 1) === 0) return { kind: "float", ranged: false, min: -Infinity, max: Infinity };
      const dv = new DataView(b.buffer, b.byteOffset);
      let min = dv.getFloat64(pos + 1, true), max = dv.getFloat64(pos + 9, true);
      if (Number.isNaN(min)) min = -Infinity;
      if (Number.isNaN(max)) max = Infinity;
      return min <= max ? { kind: "float", ranged: true, min, max } : { kind: "float", ranged: true, min: max, max: min };
    }
    case KIND.pick: {
      readVarint(b, pos, end);
      const n = OUT.hi !== 0 ? 4294967296 : OUT.lo;
      return { kind: "pick", n: Math.max(1, n) };
    }
    case KIND.weighted: {
      let p = readVarint(b, pos, end);
      const n = OUT.lo;
      const weights: number[] = [];
      for (let i = 0; i < n; i++) {
        p = readVarint(b, p, end);
        weights.push(OUT.hi !== 0 ? MAX_WEIGHT : OUT.lo);
      }
      if (weights.every((x) => x === 0)) return { kind: "weighted", weights: weights.length ? weights.map(() => 1) : [1] };
      return { kind: "weighted", weights };
    }
    case KIND.bytes: return { kind: "bytes", ...lengths(b, pos, end) };
    case KIND.string: return { kind: "string", ascii: (b[pos]! & 1) === 1, ...lengths(b, pos + 1, end) };
    default: throw new RangeError(`unknown kind code ${kind}`);
  }
}

/** The code of a domain's kind. */
export function kindCode(d: Domain): number {
  return KIND[d.kind];
}
