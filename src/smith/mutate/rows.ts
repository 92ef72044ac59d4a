/**
 * Value-level mutators: they scan the input as Smith records and change, insert, drop, duplicate
 * or splice whole values, so a mutation never tears a value apart or shifts the values of other
 * call sites. Each is a mutator-table row: edits s.data[0..s.size) in place through s.scratch,
 * draws only from s.rng, returns the new size or SKIP (a raw input has no records: all but
 * SmithSplice skip; SmithSplice turns it into a Smith file whose tail is the raw bytes).
 */
import { SKIP, type MutationState, type MutatorRow } from "../../mutators/types.ts";
import type { Rng } from "../../rng/rng.ts";
import { isContentKind } from "../kinds.ts";
import { Layout } from "../layout.ts";
import { copyRecords, copyTail, finish, OUT_BUF, putRecord, recordCount, startBody } from "./rewrite.ts";
import { makePayload, PAY, payloadLength, samePayload } from "./values.ts";

/** Scans of s.data and of the splice partner; reused across calls (single-threaded). */
const A = new Layout();
const B = new Layout();
let counts = new Int32Array(64);

/** Longest run of records one mutation drops, duplicates or splices (a guess: a few loop iterations). */
const MAX_RUN = 8;

/** A run length: 1 half of the time, else uniform in 1..min(MAX_RUN, n). */
function runLength(rng: Rng, n: number): number {
  return rng.bool() ? 1 : 1 + rng.below(Math.min(MAX_RUN, n));
}

/**
 * A record to change: half of the time uniformly over records, half of the time over sites first
 * (then over that site's records), so a site read once is not drowned by a site read in a loop.
 */
function chooseRecord(rng: Rng, L: Layout): number {
  const n = L.nRecords;
  if (rng.bool()) return rng.below(n);
  if (counts.length < L.nSites) counts = new Int32Array(Math.max(L.nSites, counts.length * 2));
  counts.fill(0, 0, L.nSites);
  let distinct = 0;
  for (let r = 0; r < n; r++) if (counts[L.canon[L.recSite[r]!]!]!++ === 0) distinct++;
  let j = rng.below(distinct), c = 0;
  for (; c < L.nSites; c++) if (counts[c]! > 0 && j-- === 0) break;
  let t = rng.below(counts[c]!);
  for (let r = 0; r < n; r++) if (L.canon[L.recSite[r]!] === c && t-- === 0) return r;
  return n - 1;
}

/** Copies into PAY the payload of another record of r's site (same kind), if there is one. */
function copySibling(rng: Rng, L: Layout, r: number): boolean {
  const c = L.canon[L.recSite[r]!]!, kind = L.siteKind[L.recSite[r]!]!;
  let m = 0;
  for (let q = 0; q < L.nRecords; q++) if (q !== r && L.canon[L.recSite[q]!] === c && L.siteKind[L.recSite[q]!] === kind) m++;
  if (m === 0) return false;
  let t = rng.below(m);
  for (let q = 0; q < L.nRecords; q++) {
    if (q === r || L.canon[L.recSite[q]!] !== c || L.siteKind[L.recSite[q]!] !== kind || t-- !== 0) continue;
    const len = payloadLength(L, q);
    if (PAY.buf.length < len) PAY.buf = new Uint8Array(len * 2);
    PAY.buf.set(L.bytes.subarray(L.recPayload[q]!, L.recEnd[q]!), 0);
    PAY.len = len;
    return true;
  }
  return false;
}

/** SmithChange: gives one value a new value in its domain (or another value of the same site). */
export function smithChange(s: MutationState): number {
  const L = A.scan(s.data, s.size);
  if (L.nRecords === 0) return SKIP;
  for (let attempt = 0; attempt < 4; attempt++) {
    const r = chooseRecord(s.rng, L);
    const site = L.recSite[r]!;
    const budget = s.maxSize - (s.size - payloadLength(L, r));
    const made = (s.rng.below(8) === 0 && copySibling(s.rng, L, r)) || makePayload(s, L, site, r, budget);
    if (!made || samePayload(L, r)) continue;
    const o = OUT_BUF.begin(s.scratch, s.maxSize);
    startBody(o, L, L.nSites);
    recordCount(o, L.nRecords);
    copyRecords(o, L, 0, r);
    putRecord(o, site, PAY.buf, PAY.len);
    copyRecords(o, L, r + 1, L.nRecords);
    copyTail(o, L, s.rng);
    return finish(s, o);
  }
  return SKIP;
}

/** SmithInsert: adds a fresh value for a known site at a random place among the records. */
export function smithInsert(s: MutationState): number {
  const L = A.scan(s.data, s.size);
  if (L.nSites === 0) return SKIP;
  let site = s.rng.below(L.nSites);
  site = L.canon[site]!;
  if (!makePayload(s, L, site, -1, s.maxSize - s.size)) return SKIP;
  const at = s.rng.below(L.nRecords + 1);
  const o = OUT_BUF.begin(s.scratch, s.maxSize);
  startBody(o, L, L.nSites);
  recordCount(o, L.nRecords + 1);
  copyRecords(o, L, 0, at);
  putRecord(o, site, PAY.buf, PAY.len);
  copyRecords(o, L, at, L.nRecords);
  copyTail(o, L, s.rng);
  return finish(s, o);
}

/** SmithDrop: removes a run of 1..8 consecutive values (later values of those sites move up). */
export function smithDrop(s: MutationState): number {
  const L = A.scan(s.data, s.size);
  const n = L.nRecords;
  if (n === 0) return SKIP;
  const k = runLength(s.rng, n);
  const at = s.rng.below(n - k + 1);
  const o = OUT_BUF.begin(s.scratch, s.maxSize);
  startBody(o, L, L.nSites);
  recordCount(o, n - k);
  copyRecords(o, L, 0, at);
  copyRecords(o, L, at + k, n);
  copyTail(o, L, s.rng);
  return finish(s, o);
}

/**
 * SmithDuplicate: repeats a run of 1..8 consecutive values, right after itself (3 times in 4: a
 * repeated loop iteration) or at a random place.
 */
export function smithDuplicate(s: MutationState): number {
  const L = A.scan(s.data, s.size);
  const n = L.nRecords;
  if (n === 0) return SKIP;
  const k = runLength(s.rng, n);
  const from = s.rng.below(n - k + 1);
  const to = s.rng.below(4) !== 0 ? from + k : s.rng.below(n + 1);
  const o = OUT_BUF.begin(s.scratch, s.maxSize);
  startBody(o, L, L.nSites);
  recordCount(o, n + k);
  copyRecords(o, L, 0, to);
  copyRecords(o, L, from, from + k);
  copyRecords(o, L, to, n);
  copyTail(o, L, s.rng);
  return finish(s, o);
}

const map = new Int32Array(MAX_RUN);
const added = new Int32Array(MAX_RUN);

/**
 * SmithSplice: copies a run of 1..8 values from another corpus input, inserted at a random place
 * or over as many values; sites this input lacks get their entries copied too.
 */
export function smithSplice(s: MutationState): number {
  const other = s.otherInput();
  if (!other) return SKIP;
  const Lb = B.scan(other, other.length);
  if (Lb.nRecords === 0) return SKIP;
  const L = A.scan(s.data, s.size);
  const k = runLength(s.rng, Lb.nRecords);
  const b0 = s.rng.below(Lb.nRecords - k + 1);
  let nAdded = 0;
  for (let j = 0; j < k; j++) {
    const bs = Lb.recSite[b0 + j]!;
    const a = L.find(Lb.siteId[bs]!);
    if (a >= 0 && isContentKind(L.siteKind[a]!) === isContentKind(Lb.siteKind[bs]!)) { map[j] = a; continue; }
    let i = 0;
    while (i < nAdded && added[i] !== bs) i++;
    if (i === nAdded) added[nAdded++] = bs;
    map[j] = L.nSites + i;
  }
  const overwrite = L.nRecords > 0 && s.rng.bool();
  const at = s.rng.below(L.nRecords + (overwrite ? 0 : 1));
  const drop = overwrite ? Math.min(k, L.nRecords - at) : 0;
  const o = OUT_BUF.begin(s.scratch, s.maxSize);
  startBody(o, L, L.nSites + nAdded);
  for (let i = 0; i < nAdded; i++) o.range(Lb.bytes, Lb.siteStart[added[i]!]!, Lb.siteEnd[added[i]!]!);
  recordCount(o, L.nRecords - drop + k);
  copyRecords(o, L, 0, at);
  for (let j = 0; j < k; j++) {
    o.varint(map[j]!);
    o.range(Lb.bytes, Lb.recPayload[b0 + j]!, Lb.recEnd[b0 + j]!);
  }
  copyRecords(o, L, at + drop, L.nRecords);
  copyTail(o, L, s.rng);
  return finish(s, o);
}

/**
 * The Smith mutator rows, to append to the table when the target is a Smith harness. Names follow
 * the table's grammar and print in MS: lines. Weights (bench/smith.ts, 24 seeds): equal weights
 * did best among the Smith rows; against the 13 byte rows of weight 1, a Smith share of about 80%
 * (10 each) did as well as Smith rows alone and keeps byte mutations of tails and raw inputs.
 */
export const SMITH_MUTATORS: readonly MutatorRow[] = [
  { name: "SmithChange", group: "smith", weight: 10, fn: smithChange },
  { name: "SmithInsert", group: "smith", weight: 10, fn: smithInsert },
  { name: "SmithDrop", group: "smith", weight: 10, fn: smithDrop },
  { name: "SmithDuplicate", group: "smith", weight: 10, fn: smithDuplicate },
  { name: "SmithSplice", group: "smith", weight: 10, fn: smithSplice },
];
