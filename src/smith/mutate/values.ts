/**
 * New values for a site, written as record payloads: a change of an existing record's value, or a
 * fresh value (for inserts). Every value respects the domain stored in the site entry: in range,
 * weighted choices drawn by their weights, lengths within bounds, UTF-8 strings well formed.
 */
import type { MutationState } from "../../mutators/types.ts";
import type { Rng } from "../../rng/rng.ts";
import { KIND } from "../kinds.ts";
import type { Layout } from "../layout.ts";
import { floatFromRaw, floatToRaw } from "../mapping.ts";
import { joinNumber, modRaw, OUT, readVarint, splitNumber, TWO32, writeVarint } from "../u64.ts";
import { isUtf8, noteWord, pickWord, WORD, wordInteger } from "./words.ts";

/** The payload being built: PAY.buf[0..len). Grown (rarely) by ensure(); shared by the mutators. */
export const PAY = { buf: new Uint8Array(4096), len: 0 };
let content = new Uint8Array(4096);

function ensure(n: number): void {
  if (PAY.buf.length < n) PAY.buf = new Uint8Array(Math.max(n, PAY.buf.length * 2));
  if (content.length < n) content = new Uint8Array(Math.max(n, content.length * 2));
}

function putRaw(lo: number, hi: number): void {
  PAY.len = writeVarint(PAY.buf, 0, lo, hi);
}

/** Domain words read from a site entry: a = first varint (lo, hi), b = second. */
const D = { aLo: 0, aHi: 0, bLo: 0, bHi: 0 };

function readPair(L: Layout, site: number, skip: number): void {
  let p = readVarint(L.bytes, L.siteDomain[site]! + skip, L.size);
  D.aLo = OUT.lo; D.aHi = OUT.hi;
  p = readVarint(L.bytes, p, L.size);
  D.bLo = OUT.lo; D.bHi = OUT.hi;
}

const F = new Float64Array(2);
const FB = new Uint8Array(F.buffer);

/** Interesting doubles for unbounded floats (libFuzzer-style "special values"). */
const SPECIAL_FLOATS = [
  0, -0, 1, -1, 0.5, -0.5, 2, 10, 255, 256, 65535, 2 ** 31 - 1, -(2 ** 31), 2 ** 32, 2 ** 53, -(2 ** 53), 2 ** 53 + 2,
  1e-7, 1e21, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE,
  Number.EPSILON, 2.2250738585072014e-308, 0.1, 1 / 3,
];

/** Raw offset in [0, span] (span = sHi:sLo) into OUT, uniformly (up to the 64-bit approximation). */
function uniformOffset(rng: Rng, sLo: number, sHi: number): void {
  if (sHi === 0) {
    OUT.lo = sLo === 0xffffffff ? rng.next() : rng.below(sLo + 1);
    OUT.hi = 0;
    return;
  }
  const hi = rng.below(sHi + 1);
  let lo = rng.next();
  if (hi === sHi && lo > sLo) lo = rng.below(sLo + 1);
  OUT.lo = lo >>> 0;
  OUT.hi = hi;
}

/**
 * An int-like kind (int, bigint, length): offset from min in [0, span]. zeroOff: the offset of value
 * 0, or -1; min: the domain's minimum when it is a safe number (NaN otherwise).
 */
function intPayload(s: MutationState, sLo: number, sHi: number, r: number, L: Layout, zeroOff: number, min: number, isLength: boolean): void {
  const rng = s.rng;
  const small = sHi < 0x200000; // span fits a double exactly
  const span = small ? joinNumber(sLo, sHi) : 0;
  const haveCur = r >= 0 && small && L.recB[r]! < 0x200000;
  const cur = haveCur ? joinNumber(L.recA[r]!, L.recB[r]!) : 0;
  // array lengths: half uniform, half one step (an element more or fewer)
  let pick = isLength ? (haveCur && rng.bool() ? 4 : 0) : rng.below(haveCur ? 5 : 4);
  let v = 0;
  if (pick === 3) { // an integer the target compared against, when the domain holds it
    const ok = !Number.isNaN(min) && pickWord(s, true);
    const a = ok ? wordInteger(false) : NaN, b = ok ? wordInteger(true) : NaN;
    const off = a - min <= span && a >= min ? a - min : b - min <= span && b >= min ? b - min : NaN;
    if (Number.isNaN(off)) pick = 0;
    else { v = off; noteWord(s); }
  }
  if (pick === 0 || !small) {
    uniformOffset(rng, sLo, sHi);
    return putRaw(OUT.lo, OUT.hi);
  }
  switch (pick) {
    case 1: { // a boundary: min, max, just inside them, or zero
      const k = rng.below(zeroOff >= 0 ? 5 : 4);
      v = k === 0 ? 0 : k === 1 ? span : k === 2 ? Math.min(1, span) : k === 3 ? Math.max(0, span - 1) : zeroOff;
      break;
    }
    case 2: v = rng.below(Math.min(span, 16) + 1); break; // near min
    case 3: break; // the word, above
    default: { // a step from the current value
      const step = isLength ? 1 : 1 + rng.below(rng.bool() ? 4 : 256);
      v = rng.bool() ? cur + step : cur - step;
      v = v < 0 ? 0 : v > span ? span : v;
    }
  }
  splitNumber(v);
  putRaw(OUT.lo, OUT.hi);
}

function readF64(b: Uint8Array, pos: number, slot: number): number {
  for (let i = 0; i < 8; i++) FB[slot * 8 + i] = b[pos + i]!;
  return F[slot]!;
}

function floatPayload(rng: Rng, L: Layout, site: number, r: number): void {
  const p = L.siteDomain[site]!;
  const ranged = (L.bytes[p]! & 1) === 1;
  let min = ranged ? readF64(L.bytes, p + 1, 0) : -Infinity, max = ranged ? readF64(L.bytes, p + 9, 1) : Infinity;
  if (!(min <= max)) { min = -Infinity; max = Infinity; }
  const cur = r >= 0 ? floatFromRaw(ranged, min, max, L.recA[r]!, L.recB[r]!) : 0;
  let v: number;
  switch (rng.below(r >= 0 ? 4 : 3)) {
    case 0: { // a special value: the bounds and zeros when bounded
      const k = rng.below(ranged ? 4 : SPECIAL_FLOATS.length);
      v = !ranged ? SPECIAL_FLOATS[k]! : k === 0 ? min : k === 1 ? max : k === 2 ? 0 : -0;
      break;
    }
    case 1: { // random bits (unbounded) or a uniform point (ranged)
      if (!ranged) return putRaw(rng.next(), rng.next());
      const f = rng.next() / TWO32;
      v = Number.isFinite(max - min) ? min + (max - min) * f : (rng.bool() ? 1 : -1) * rng.next();
      break;
    }
    case 2: v = rng.below(201) - 100; break; // a small integer
    default: { // a step from the current value
      const k = rng.below(6);
      v = k === 0 ? cur * 2 : k === 1 ? cur / 2 : k === 2 ? cur + 1 : k === 3 ? cur - 1 : k === 4 ? -cur : cur * (1 + (rng.next() / TWO32 - 0.5) / 64);
    }
  }
  if (ranged && !(v >= min && v <= max)) v = Number.isNaN(v) ? min : v < min ? min : max;
  floatToRaw(v);
  putRaw(OUT.lo, OUT.hi);
}

let weights = new Float64Array(64);

function weightedPayload(rng: Rng, L: Layout, site: number): boolean {
  let p = readVarint(L.bytes, L.siteDomain[site]!, L.size);
  const n = OUT.lo;
  if (weights.length < n) weights = new Float64Array(Math.max(n, weights.length * 2));
  let total = 0;
  for (let i = 0; i < n; i++) {
    p = readVarint(L.bytes, p, L.size);
    weights[i] = OUT.hi !== 0 ? 0xffffffff : OUT.lo;
    total += weights[i]!;
  }
  if (total === 0) return false;
  let x = total <= TWO32 ? rng.below(total) : Math.floor(((rng.next() * TWO32 + rng.next()) / (TWO32 * TWO32)) * total);
  let start = 0, i = 0;
  while (i < n - 1 && x >= weights[i]!) { x -= weights[i]!; start += weights[i]!; i++; }
  splitNumber(start);
  putRaw(OUT.lo, OUT.hi);
  return true;
}

/** Bytes a fresh byte is drawn from half of the time (a guess at what parsers test for). */
const SPECIAL_BYTES = Uint8Array.of(0, 0xff, 0x7f, 0x80, 0x20, 0x30, 0x41, 0x61, 0x0a, 0x01);

/** Writes one generated unit (byte, ASCII char or UTF-8 code point) at content[at]; returns its byte length. */
function unit(rng: Rng, kind: "bytes" | "ascii" | "utf8", at: number): number {
  if (kind === "bytes") {
    content[at] = rng.bool() ? rng.below(256) : SPECIAL_BYTES[rng.below(SPECIAL_BYTES.length)]!;
    return 1;
  }
  const k = rng.below(20);
  if (kind === "ascii" || k < 14) {
    content[at] = k < 12 || kind === "ascii" && k < 17 ? 0x20 + rng.below(95) : rng.below(128);
    return 1;
  }
  let cp: number;
  if (k < 17) cp = 0x80 + rng.below(0x780);
  else if (k < 19) { cp = 0x800 + rng.below(0xf800 - 0x800); if (cp >= 0xd800) cp += 0x800; } // skip surrogates
  else cp = 0x10000 + rng.below(0x100000);
  if (cp < 0x800) { content[at] = 0xc0 | (cp >> 6); content[at + 1] = 0x80 | (cp & 63); return 2; }
  if (cp < 0x10000) { content[at] = 0xe0 | (cp >> 12); content[at + 1] = 0x80 | ((cp >> 6) & 63); content[at + 2] = 0x80 | (cp & 63); return 3; }
  content[at] = 0xf0 | (cp >> 18); content[at + 1] = 0x80 | ((cp >> 12) & 63);
  content[at + 2] = 0x80 | ((cp >> 6) & 63); content[at + 3] = 0x80 | (cp & 63);
  return 4;
}

/** Byte offset of unit `k` in src[start..start+len) (UTF-8: skips continuation bytes). */
function unitOffset(src: Uint8Array, start: number, len: number, k: number, utf8: boolean): number {
  if (!utf8) return Math.min(k, len);
  let i = 0;
  for (let n = 0; i < len; i++) {
    if ((src[start + i]! & 0xc0) !== 0x80) { if (n === k) return i; n++; }
  }
  return len;
}

function unitCount(src: Uint8Array, start: number, len: number, utf8: boolean): number {
  if (!utf8) return len;
  let n = 0;
  for (let i = 0; i < len; i++) if ((src[start + i]! & 0xc0) !== 0x80) n++;
  return n;
}

/**
 * A dictionary word or compare operand as content: the whole value (when its length fits) or
 * inserted at a unit boundary of the current one. ASCII strings mask it to 7 bits; UTF-8 strings
 * take it only when it is well formed. Returns the content length, or -1.
 */
function wordContent(s: MutationState, L: Layout, cur: number, kind: "bytes" | "ascii" | "utf8", minLen: number, maxLen: number, budget: number): number {
  if (!pickWord(s, false) || WORD.len === 0 || (kind === "utf8" && !isUtf8(WORD.buf, WORD.len))) return -1;
  const utf8 = kind === "utf8";
  const units = unitCount(WORD.buf, 0, WORD.len, utf8);
  ensure(WORD.len + (cur >= 0 ? L.recB[cur]! : 0) + 16);
  const insert = cur >= 0 && s.rng.bool();
  let len: number;
  if (!insert) {
    if (units < minLen || units > maxLen || WORD.len > budget) return -1;
    content.set(WORD.buf.subarray(0, WORD.len), 0);
    len = WORD.len;
  } else {
    const src = L.bytes, start = L.recA[cur]!, clen = L.recB[cur]!;
    const count = unitCount(src, start, clen, utf8);
    if (count + units > maxLen || clen + WORD.len > budget) return -1;
    const at = unitOffset(src, start, clen, s.rng.below(count + 1), utf8);
    content.set(src.subarray(start, start + at), 0);
    content.set(WORD.buf.subarray(0, WORD.len), at);
    content.set(src.subarray(start + at, start + clen), at + WORD.len);
    len = clen + WORD.len;
  }
  if (kind === "ascii") for (let i = 0; i < len; i++) content[i] = content[i]! & 0x7f;
  noteWord(s);
  return len;
}

/** bytes/string: a fresh content, one unit replaced, inserted or erased, or a word. budget: most bytes the content may take. */
function contentPayload(s: MutationState, L: Layout, site: number, r: number, budget: number): boolean {
  const rng = s.rng;
  const isString = L.siteKind[site] === KIND.string;
  const ascii = isString && (L.bytes[L.siteDomain[site]!]! & 1) === 1;
  const kind = !isString ? "bytes" : ascii ? "ascii" : "utf8";
  const utf8 = kind === "utf8";
  readPair(L, site, isString ? 1 : 0);
  const minLen = D.aHi !== 0 ? Infinity : D.aLo;
  const maxLen = Math.min(minLen + (D.bHi !== 0 ? TWO32 : D.bLo), 1 << 20);
  const unitMax = utf8 ? 4 : 1;
  if (minLen > budget) return false;
  const cur = r >= 0 && L.siteKind[L.recSite[r]!] === L.siteKind[site] ? r : -1;
  let len = 0;
  let op = cur >= 0 ? rng.below(5) : rng.below(4) === 0 ? 4 : 0;
  if (op === 4) {
    len = wordContent(s, L, cur, kind, minLen, maxLen, budget);
    if (len < 0) { len = 0; op = cur >= 0 ? 1 : 0; }
  }
  if (op === 0) { // fresh: short lengths most of the time, the longest now and then
    const span = maxLen - minLen;
    let n = minLen + (rng.below(16) === 0 ? span : rng.below(Math.min(span, 16) + 1));
    n = Math.min(n, Math.max(minLen, Math.floor(budget / unitMax)));
    ensure(n * unitMax + 16);
    for (let i = 0; i < n; i++) len += unit(rng, kind, len);
  } else if (op !== 4) {
    const src = L.bytes, start = L.recA[cur]!, clen = L.recB[cur]!;
    const count = unitCount(src, start, clen, utf8);
    ensure(clen + 16);
    const canInsert = count < maxLen && clen + unitMax <= budget, canErase = count > minLen && count > 0;
    const edit = op === 1 && count > 0 ? 1 : op === 2 && canInsert ? 2 : canErase ? 3 : count > 0 ? 1 : canInsert ? 2 : 0;
    if (edit === 0) return false;
    const k = rng.below(edit === 2 ? count + 1 : count);
    const at = unitOffset(src, start, clen, k, utf8);
    const after = edit === 2 ? at : unitOffset(src, start, clen, k + 1, utf8);
    content.set(src.subarray(start, start + at), 0);
    len = at;
    if (edit !== 3) len += unit(rng, kind, len);
    content.set(src.subarray(start + after, start + clen), len);
    len += clen - after;
  }
  ensure(len + 10);
  const p = writeVarint(PAY.buf, 0, len, 0);
  PAY.buf.set(content.subarray(0, len), p);
  PAY.len = p + len;
  return true;
}

/**
 * Writes into PAY a payload for site `site` of L: a changed value of record r (r >= 0, a record of
 * that site) or a fresh value (r = -1). Draws from s.rng; ints and contents sometimes take a
 * dictionary word or compare operand (s.manualDict, s.autoDict, s.compares). Returns false when
 * the domain offers nothing that fits `budget` bytes (the mutator skips).
 */
export function makePayload(s: MutationState, L: Layout, site: number, r: number, budget: number): boolean {
  const rng = s.rng, kind = L.siteKind[site]!;
  if (r >= 0 && L.siteKind[L.recSite[r]!] !== kind) r = -1; // a duplicated id with another kind: start fresh
  switch (kind) {
    case KIND.bool:
      putRaw(r >= 0 ? (L.recA[r]! & 1) ^ 1 : rng.below(2), 0);
      return true;
    case KIND.more: // fresh: "continue" 3 times in 4 (an inserted loop iteration)
      putRaw(r >= 0 ? ((L.recA[r]! | L.recB[r]!) === 0 ? 1 : 0) : rng.below(4) === 0 ? 0 : 1, 0);
      return true;
    case KIND.int: case KIND.bigint: {
      readPair(L, site, 0);
      // min is zigzag (odd = negative); value 0 sits at offset -min when min <= 0 <= max
      const zz = D.aHi < 0x200000 ? joinNumber(D.aLo, D.aHi) : NaN;
      const min = zz % 2 === 1 ? -(zz + 1) / 2 : zz / 2;
      const span = D.bHi < 0x200000 ? joinNumber(D.bLo, D.bHi) : Infinity;
      intPayload(s, D.bLo, D.bHi, r, L, min <= 0 && -min <= span ? -min : -1, min, false);
      return true;
    }
    case KIND.length: {
      readPair(L, site, 0);
      intPayload(s, D.bLo, D.bHi, r, L, -1, NaN, true);
      return true;
    }
    case KIND.float: floatPayload(rng, L, site, r); return true;
    case KIND.pick: {
      readVarint(L.bytes, L.siteDomain[site]!, L.size);
      const n = OUT.hi !== 0 ? TWO32 : Math.max(1, OUT.lo);
      const cur = r >= 0 ? modRaw(L.recA[r]!, L.recB[r]!, n) : -1;
      const i = cur >= 0 && n > 1 ? (cur + 1 + rng.below(n - 1)) % n : rng.below(n);
      splitNumber(i);
      putRaw(OUT.lo, OUT.hi);
      return true;
    }
    case KIND.weighted: return weightedPayload(rng, L, site);
    case KIND.bytes: case KIND.string: return contentPayload(s, L, site, r, budget);
    default: return false;
  }
}

/** Bytes the payload of record r takes in L. */
export function payloadLength(L: Layout, r: number): number {
  return L.recEnd[r]! - L.recPayload[r]!;
}

/** Whether PAY equals record r's payload (a change that changed nothing). */
export function samePayload(L: Layout, r: number): boolean {
  const start = L.recPayload[r]!, len = L.recEnd[r]! - start;
  if (len !== PAY.len) return false;
  for (let i = 0; i < len; i++) if (L.bytes[start + i] !== PAY.buf[i]) return false;
  return true;
}
