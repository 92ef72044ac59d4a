/**
 * The scan of one input: where its header, site table, records and tail are. Shared by the reader
 * (per execution), the value mutators and decode. It only records offsets into typed arrays that
 * are reused from input to input, so scanning allocates nothing once the arrays have grown.
 *
 * Any byte string scans: without the header the whole input is tail (a raw stream); at the first
 * malformed site entry or record the scan stops and everything from that element on is tail.
 */
import { isContentKind, isKindCode, KIND } from "./kinds.ts";
import { OUT, readVarint, skipVarint } from "./u64.ts";

/** The four magic bytes that open a Smith file: 0xF5 (never valid UTF-8) then "SMT". */
export const MAGIC = Uint8Array.of(0xf5, 0x53, 0x4d, 0x54);

/** The encoding version this code writes and reads. */
export const VERSION = 1;

/** Length of magic + version. */
export const HEADER_SIZE = 5;

/** Whether `bytes` starts with the magic (any version). */
export function hasMagic(bytes: Uint8Array, size: number): boolean {
  return size >= 4 && bytes[0] === 0xf5 && bytes[1] === 0x53 && bytes[2] === 0x4d && bytes[3] === 0x54;
}

/** Returns the end of the domain of a `kind` site starting at pos, or -1 when malformed. */
function skipDomain(b: Uint8Array, kind: number, pos: number, end: number): number {
  switch (kind) {
    case KIND.bool: case KIND.more: return pos;
    case KIND.int: case KIND.bigint: case KIND.length: case KIND.bytes: {
      const p = skipVarint(b, pos, end);
      return p < 0 ? -1 : skipVarint(b, p, end);
    }
    case KIND.float:
      if (pos >= end) return -1;
      return (b[pos]! & 1) === 0 ? pos + 1 : pos + 17 <= end ? pos + 17 : -1;
    case KIND.pick: return skipVarint(b, pos, end);
    case KIND.weighted: {
      let p = readVarint(b, pos, end);
      if (p < 0 || OUT.hi !== 0 || OUT.lo > end - p) return -1; // each weight takes at least a byte
      for (let n = OUT.lo; n > 0 && p >= 0; n--) p = skipVarint(b, p, end);
      return p;
    }
    case KIND.string: {
      if (pos >= end) return -1;
      const p = skipVarint(b, pos + 1, end);
      return p < 0 ? -1 : skipVarint(b, p, end);
    }
    default: return -1;
  }
}

function grow<T extends Int32Array | Uint32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const n = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  n.set(a);
  return n;
}

/**
 * Offsets of one scanned input. Ownership: the arrays belong to the Layout and are overwritten by
 * the next scan(); copy what must outlive it. Site indexes are table positions; `canon[i]` is the
 * first index with the same id (duplicated ids share one queue).
 */
export class Layout {
  /** The scanned input (not copied) and its size. */
  bytes: Uint8Array = new Uint8Array(0);
  size = 0;
  /** True when the input starts with the magic and the version this code reads. */
  structured = false;
  /** The version byte when the magic is present (0 without magic). */
  version = 0;
  /** Structured and every declared site and record scanned (false: the scan stopped at a malformed element). */
  complete = false;
  /** Site entries scanned. */
  nSites = 0;
  /** Offset of the first site entry (after the site count). */
  sitesStart = 0;
  /** Offset after the last well-formed site entry. */
  sitesEnd = 0;
  /** Each entry's id and kind code. */
  siteId = new Uint32Array(16);
  siteKind = new Uint8Array(16);
  /** Offset of each entry's first byte (its id). */
  siteStart = new Int32Array(16);
  /** Offset of each entry's domain (after id and kind). */
  siteDomain = new Int32Array(16);
  /** Offset after each entry. */
  siteEnd = new Int32Array(16);
  /** First entry index with the same id (queues are per id). */
  canon = new Int32Array(16);
  /** Records scanned. */
  nRecords = 0;
  /** Offset of the first record (after the record count). */
  recordsStart = 0;
  /** Each record's site entry index. */
  recSite = new Int32Array(64);
  /** Offset of each record's first byte (its site index). */
  recStart = new Int32Array(64);
  /** Offset of each record's payload. */
  recPayload = new Int32Array(64);
  /** Offset after each record. */
  recEnd = new Int32Array(64);
  /** Raw u64 of int-like records (lo, hi); for content records: content offset and length. */
  recA = new Uint32Array(64);
  recB = new Uint32Array(64);
  /** Offset of the tail: the bytes read as a raw stream once a site has no records left. */
  tailStart = 0;
  /** Id lookup: open addressing over canonical site indexes (+1; 0 = empty). */
  private table = new Int32Array(32);
  private mask = 31;

  /** Scans bytes[0..size). */
  scan(bytes: Uint8Array, size: number = bytes.length): this {
    this.bytes = bytes;
    this.size = size;
    this.nSites = this.nRecords = 0;
    this.structured = this.complete = false;
    this.version = hasMagic(bytes, size) && size > 4 ? bytes[4]! : 0;
    this.sitesStart = this.sitesEnd = this.recordsStart = this.tailStart = 0;
    if (this.version !== VERSION) return this.buildTable();
    this.structured = true;
    let p = readVarint(bytes, HEADER_SIZE, size);
    if (p < 0) {
      this.sitesStart = this.sitesEnd = this.recordsStart = this.tailStart = size < HEADER_SIZE ? size : HEADER_SIZE;
      return this.buildTable();
    }
    const declaredSites = OUT.hi !== 0 ? Infinity : OUT.lo;
    this.sitesStart = p;
    while (this.nSites < declaredSites) {
      const start = p;
      if (p + 5 > size || !isKindCode(bytes[p + 4]!)) break;
      const kind = bytes[p + 4]!;
      const end = skipDomain(bytes, kind, p + 5, size);
      if (end < 0) break;
      this.addSite(start, kind, end);
      p = end;
    }
    this.sitesEnd = this.recordsStart = this.tailStart = p;
    if (this.nSites < declaredSites) return this.buildTable();
    p = readVarint(bytes, p, size);
    if (p < 0) return this.buildTable();
    const declaredRecords = OUT.hi !== 0 ? Infinity : OUT.lo;
    this.recordsStart = this.tailStart = p;
    while (this.nRecords < declaredRecords) {
      const end = this.scanRecord(p);
      if (end < 0) break;
      p = end;
    }
    this.tailStart = p;
    this.complete = this.nRecords === declaredRecords;
    return this.buildTable();
  }

  private addSite(start: number, kind: number, end: number): void {
    const i = this.nSites++;
    if (i >= this.siteId.length) {
      const n = i + 1;
      this.siteId = grow(this.siteId, n); this.siteKind = grow(this.siteKind, n);
      this.siteStart = grow(this.siteStart, n); this.siteDomain = grow(this.siteDomain, n);
      this.siteEnd = grow(this.siteEnd, n); this.canon = grow(this.canon, n);
    }
    const b = this.bytes;
    this.siteId[i] = (b[start]! | (b[start + 1]! << 8) | (b[start + 2]! << 16) | (b[start + 3]! << 24)) >>> 0;
    this.siteKind[i] = kind;
    this.siteStart[i] = start;
    this.siteDomain[i] = start + 5;
    this.siteEnd[i] = end;
  }

  /** Scans one record at p; returns its end, or -1 when malformed (the scan stops there). */
  private scanRecord(p: number): number {
    const b = this.bytes, size = this.size, start = p;
    let site: number;
    if (p < size && b[p]! < 0x80) site = b[p++]!; // one-byte varints are the common case
    else {
      p = readVarint(b, p, size);
      if (p < 0 || OUT.hi !== 0) return -1;
      site = OUT.lo;
    }
    if (site >= this.nSites) return -1;
    const payload = p;
    let a: number, bb = 0;
    if (p < size && b[p]! < 0x80) a = b[p++]!;
    else {
      p = readVarint(b, p, size);
      if (p < 0) return -1;
      a = OUT.lo;
      bb = OUT.hi;
    }
    if (isContentKind(this.siteKind[site]!)) {
      if (bb !== 0 || a > size - p) return -1;
      bb = a;
      a = p;
      p += bb;
    }
    const i = this.nRecords++;
    if (i >= this.recSite.length) {
      const n = i + 1;
      this.recSite = grow(this.recSite, n); this.recStart = grow(this.recStart, n);
      this.recPayload = grow(this.recPayload, n); this.recEnd = grow(this.recEnd, n);
      this.recA = grow(this.recA, n); this.recB = grow(this.recB, n);
    }
    this.recSite[i] = site;
    this.recStart[i] = start;
    this.recPayload[i] = payload;
    this.recEnd[i] = p;
    this.recA[i] = a;
    this.recB[i] = bb;
    return p;
  }

  /** Fills the id table and canon[]. */
  private buildTable(): this {
    let cap = 32;
    while (cap < this.nSites * 2) cap *= 2;
    if (this.table.length < cap) this.table = new Int32Array(cap);
    else this.table.fill(0, 0, cap);
    this.mask = cap - 1;
    for (let i = 0; i < this.nSites; i++) {
      const id = this.siteId[i]!;
      let slot = id & this.mask;
      for (;;) {
        const e = this.table[slot]!;
        if (e === 0) { this.table[slot] = i + 1; this.canon[i] = i; break; }
        if (this.siteId[e - 1] === id) { this.canon[i] = e - 1; break; }
        slot = (slot + 1) & this.mask;
      }
    }
    return this;
  }

  /** The canonical index of the site with this id, or -1. */
  find(id: number): number {
    if (this.nSites === 0) return -1;
    let slot = id & this.mask;
    for (;;) {
      const e = this.table[slot]!;
      if (e === 0) return -1;
      if (this.siteId[e - 1] === id) return e - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}
