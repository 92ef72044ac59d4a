/**
 * Rebuilding a Smith input after a value-level edit. A mutator scans s.data, writes the new input
 * into s.scratch piece by piece (header, site table, record count, records, tail), then copies it
 * back. Records are contiguous, so untouched runs of records, site entries and the tail are copied
 * as byte ranges. Writing stops (and the mutator skips) when the result would pass s.maxSize.
 */
import { HEADER_SIZE, MAGIC, VERSION, type Layout } from "../layout.ts";
import { SKIP, type MutationState } from "../../mutators/types.ts";
import type { Rng } from "../../rng/rng.ts";
import { varintSize, writeVarint } from "../u64.ts";

/** A write cursor over s.scratch with a hard limit; `ok` turns false at the first write past it. */
export class Out {
  /** Destination (s.scratch); bytes [0, pos) are written. */
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  /** Most bytes the result may take. */
  limit = 0;
  /** False once a write did not fit: the result is void. */
  ok = true;

  /** Starts writing into `buf`, at most `limit` bytes. */
  begin(buf: Uint8Array, limit: number): this {
    this.buf = buf;
    this.limit = Math.min(limit, buf.length);
    this.pos = 0;
    this.ok = true;
    return this;
  }

  /** Appends src[start..end). */
  range(src: Uint8Array, start: number, end: number): void {
    if (!this.ok || end <= start) return;
    if (this.pos + (end - start) > this.limit) { this.ok = false; return; }
    this.buf.set(src.subarray(start, end), this.pos);
    this.pos += end - start;
  }

  /** Appends the varint of (lo, hi). */
  varint(lo: number, hi = 0): void {
    if (!this.ok) return;
    if (this.pos + varintSize(lo, hi) > this.limit) { this.ok = false; return; }
    this.pos = writeVarint(this.buf, this.pos, lo, hi);
  }
}

/** The one cursor the Smith mutators share (single-threaded; each mutator finishes before the next). */
export const OUT_BUF = new Out();

/**
 * Writes the header, a site count of `nSites`, and every scanned site entry of L (a raw input has
 * none). The caller appends any new site entries, then calls records().
 */
export function startBody(o: Out, L: Layout, nSites: number): void {
  o.range(MAGIC, 0, 4);
  if (o.ok && o.pos < o.limit) o.buf[o.pos++] = VERSION;
  else o.ok = false;
  o.varint(nSites);
  if (L.structured) o.range(L.bytes, L.sitesStart, L.sitesEnd);
}

/** Writes a record count. */
export function recordCount(o: Out, n: number): void {
  o.varint(n);
}

/** Copies records [from, to) of L verbatim. */
export function copyRecords(o: Out, L: Layout, from: number, to: number): void {
  if (to > from) o.range(L.bytes, L.recStart[from]!, L.recEnd[to - 1]!);
}

/** Writes a record: site index, then payload bytes pay[0..len) (already a varint or length + content). */
export function putRecord(o: Out, site: number, pay: Uint8Array, len: number): void {
  o.varint(site);
  o.range(pay, 0, len);
}

/**
 * Random tail bytes a mutator appends to an input that has none (a guess, see README.md "Value
 * mutators"): values the harness asks for beyond the records then come out random, not zero.
 */
export const FRESH_TAIL = 16;

/**
 * Copies L's tail (the whole input when L is raw). When L has no tail, half of the time writes
 * FRESH_TAIL random bytes instead (as many as fit).
 */
export function copyTail(o: Out, L: Layout, rng: Rng): void {
  if (L.tailStart < L.size) return o.range(L.bytes, L.tailStart, L.size);
  if (!o.ok || !rng.bool()) return;
  const n = Math.min(FRESH_TAIL, o.limit - o.pos);
  for (let i = 0; i < n; i++) o.buf[o.pos++] = rng.below(256);
}

/** Copies the result back into s.data; returns its size, or SKIP when it did not fit. */
export function finish(s: MutationState, o: Out): number {
  if (!o.ok || o.pos > s.maxSize || o.pos < HEADER_SIZE) return SKIP;
  s.data.set(o.buf.subarray(0, o.pos), 0);
  return o.pos;
}
