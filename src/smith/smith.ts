/**
 * Smith: the reader a harness receives. Each method asks for one typed value at a call site; the
 * value comes from the next unread record of that site, else from the raw tail stream, else it is
 * the value of raw zero ("exhausted input reads as zeros": min, false, the first option, an empty
 * or minimum-length string). So every byte string is a valid input, the same bytes always give
 * the same values, and loops on more() always end (each true consumes at least one input byte).
 *
 * One instance is reused for every execution: reset() rescans the input into arrays the reader
 * owns, and reads allocate nothing but the strings, byte arrays and arrays they return.
 */
import { BIGINT_MAX, BIGINT_MIN, isContentKind, KIND, MAX_LENGTH, MAX_WEIGHT, type Domain, type Value } from "./kinds.ts";
import { HEADER_SIZE, Layout, MAGIC, VERSION } from "./layout.ts";
import { bigintFromRaw, bytesFromContent, floatFromRaw, intFromRaw, stringFromContent } from "./mapping.ts";
import { bigintSig, BOOL_ID, floatSig, MORE_ID, stringSig } from "./signature.ts";
import { hashString, labelSiteId, sigAdd, sigEnd, sigId, sigStart, type Site } from "./siteId.ts";
import { modRaw, OUT, readLE, widthOf } from "./u64.ts";

/** Where a value came from: a record of its site, the raw tail stream, or nothing (zeros). */
export type ValueSource = "record" | "stream" | "zero";

const SOURCES: readonly ValueSource[] = ["record", "stream", "zero"];

/** One value consumed in record mode: site id, the label if one was given, domain, value, source. */
export interface RecordedValue {
  readonly site: number;
  readonly label?: Site;
  readonly domain: Domain;
  readonly value: Value;
  readonly source: ValueSource;
}

/** Options of float(): omit both bounds for any double (NaN, ±Infinity, -0 and subnormals included). */
export interface FloatOptions {
  /** Inclusive lower bound (default -Infinity when max is given). */
  readonly min?: number;
  /** Inclusive upper bound (default +Infinity when min is given). */
  readonly max?: number;
}

/** Length range of bytes() (in bytes) and string() (characters or code points). */
export interface LengthOptions {
  /** Inclusive, default 0. */
  readonly minLength?: number;
  /** Inclusive, default 64 (a guess at "short but not trivial"); at most MAX_LENGTH. */
  readonly maxLength?: number;
}

/** Options of string(). */
export interface StringOptions extends LengthOptions {
  /** Characters U+0000..U+007F, lengths in characters; default false: any code point, lengths in code points. */
  readonly ascii?: boolean;
}

const U64_MAX = BIGINT_MAX;

/** A harness asked for an impossible domain: its bug, reported as a RangeError naming the call. */
function misuse(what: string): RangeError {
  return new RangeError(`Smith: ${what}`);
}

function validLengths(min: number, max: number): boolean {
  return Number.isInteger(min) && Number.isInteger(max) && min >= 0 && min <= max && max <= MAX_LENGTH;
}

/** The typed-value reader handed to harnesses (see the file comment and README.md). */
export class Smith {
  private readonly layout = new Layout();
  private head = new Int32Array(16);
  private next = new Int32Array(64);
  private input: Uint8Array = new Uint8Array(0);
  /** Raw tail stream cursor and end. */
  private pos = 0;
  private end = 0;
  private lo = 0;
  private hi = 0;
  /** Content of the last content read: input[cStart..cStart+cLen), wanted length cWant (>= cLen past the end). */
  private cStart = 0;
  private cLen = 0;
  private cWant = 0;
  private readonly labelHashes = new Map<string, number>();
  private log: RecordedValue[] | null = null;
  /** Values read since reset (Zig weighs inputs by how many values they needed). */
  valuesRead = 0;
  /** Records of the current file (segment) taken so far. */
  private taken = 0;

  /** Starts reading a new input, bytes[0..size). The bytes are not copied: keep them unchanged while reading. */
  reset(bytes: Uint8Array, size: number = bytes.length): this {
    this.load(bytes, size);
    this.valuesRead = 0;
    if (this.log) this.log = [];
    return this;
  }

  /**
   * Segments (for stateful harnesses, src/snapshot/stateful.ts): when every record of the file being
   * read has been taken, no tail byte has been read, and the tail begins with a Smith file of its
   * own, reading goes on in that file (its own site table and records; the record log and the
   * value count carry on) and this returns true; otherwise nothing changes and it returns false.
   * A plain Smith input never switches unless its harness asks.
   */
  nextSegment(): boolean {
    const L = this.layout, at = L.tailStart, b = this.input;
    if (!L.structured || !L.complete || this.taken < L.nRecords || this.pos !== at) return false;
    if (this.end - at <= HEADER_SIZE || b[at] !== MAGIC[0] || b[at + 1] !== MAGIC[1] || b[at + 2] !== MAGIC[2] || b[at + 3] !== MAGIC[3] || b[at + 4] !== VERSION) return false;
    this.load(b.subarray(at, this.end), this.end - at);
    return true;
  }

  /** Scans bytes[0..size) and sets up the per-site record queues. */
  private load(bytes: Uint8Array, size: number): void {
    const L = this.layout.scan(bytes, size);
    this.input = bytes;
    this.pos = L.tailStart;
    this.end = size;
    this.taken = 0;
    if (this.head.length < L.nSites) this.head = new Int32Array(Math.max(L.nSites, this.head.length * 2));
    if (this.next.length < L.nRecords) this.next = new Int32Array(Math.max(L.nRecords, this.next.length * 2));
    this.head.fill(-1, 0, L.nSites);
    for (let r = L.nRecords - 1; r >= 0; r--) {
      const c = L.canon[L.recSite[r]!]!;
      this.next[r] = this.head[c]!;
      this.head[c] = r;
    }
  }

  /** Turns record mode on or off; on, every read is appended to `recorded` (reset() clears it). */
  setRecording(on: boolean): this {
    this.log = on ? [] : null;
    return this;
  }

  /** The values read since reset() in record mode (empty when record mode is off). */
  get recorded(): readonly RecordedValue[] {
    return this.log ?? [];
  }

  /** True when the input carries the Smith header (structured), false for a raw stream. */
  get structured(): boolean {
    return this.layout.structured;
  }

  /** A boolean. Raw stream: one byte, its low bit. */
  bool(site?: Site): boolean {
    const id = site === undefined ? BOOL_ID : this.labelId(site, KIND.bool);
    const src = this.raw(id, 1);
    const v = (this.lo & 1) === 1;
    if (this.log) this.push(id, site, { kind: "bool" }, v, src);
    return v;
  }

  /**
   * Loop control: whether the harness should read one more item (`while (s.more()) ...`). Raw
   * stream: any non-zero byte continues, so random bytes make long loops. False once the input is
   * exhausted, and every true consumes input, so such loops always end.
   */
  more(site?: Site): boolean {
    const id = site === undefined ? MORE_ID : this.labelId(site, KIND.more);
    const src = this.raw(id, 1);
    const v = (this.lo | this.hi) !== 0;
    if (this.log) this.push(id, site, { kind: "more" }, v, src);
    return v;
  }

  /** An integer in [min, max] (safe integers). Raw stream: the fewest bytes that hold max - min, little-endian, mod the range size. */
  int(min: number, max: number, site?: Site): number {
    if (!(Number.isSafeInteger(min) && Number.isSafeInteger(max) && min <= max)) throw misuse(`int(${min}, ${max}) needs safe integers with min <= max`);
    const id = site === undefined ? sigId(KIND.int, min, max) : this.labelId(site, KIND.int);
    const src = this.raw(id, widthOf(max - min));
    const v = intFromRaw(min, max, this.lo, this.hi);
    if (this.log) this.push(id, site, { kind: "int", min, max }, v, src);
    return v;
  }

  /** A bigint in [min, max], where -2^63 <= min <= max <= 2^64 - 1 and max - min < 2^64 (an i64 or u64 range, or narrower). */
  bigint(min: bigint, max: bigint, site?: Site): bigint {
    if (!(min >= BIGINT_MIN && max <= BIGINT_MAX && min <= max && max - min <= BIGINT_MAX)) {
      throw misuse(`bigint(${min}, ${max}) needs -2^63 <= min <= max <= 2^64-1 and at most 2^64 values`);
    }
    const id = site === undefined ? bigintSig(min, max) : this.labelId(site, KIND.bigint);
    const src = this.raw(id, widthOf(Number(max - min)));
    const v = bigintFromRaw(min, max, this.lo, this.hi);
    if (this.log) this.push(id, site, { kind: "bigint", min, max }, v, src);
    return v;
  }

  /** A u64 as a bigint: bigint(0n, 2n ** 64n - 1n). */
  u64(site?: Site): bigint {
    return this.bigint(0n, U64_MAX, site);
  }

  /**
   * A double. Without bounds: any double, NaN and infinities included (raw stream: 8 bytes). With
   * bounds: a double in [min, max], never NaN.
   */
  float(opts?: FloatOptions, site?: Site): number {
    const ranged = opts !== undefined && (opts.min !== undefined || opts.max !== undefined);
    const min = ranged ? opts!.min ?? -Infinity : -Infinity, max = ranged ? opts!.max ?? Infinity : Infinity;
    if (!(min <= max)) throw misuse(`float({min: ${min}, max: ${max}}) needs min <= max, neither NaN`);
    const id = site === undefined ? floatSig(ranged, min, max) : this.labelId(site, KIND.float);
    const src = this.raw(id, 8);
    const v = floatFromRaw(ranged, min, max, this.lo, this.hi);
    if (this.log) this.push(id, site, { kind: "float", ranged, min, max }, v, src);
    return v;
  }

  /** One of `items` (at least one), uniformly. */
  pick<T>(items: readonly T[], site?: Site): T {
    const n = items.length;
    if (n < 1) throw misuse("pick() needs a non-empty list");
    const id = site === undefined ? sigId(KIND.pick, n) : this.labelId(site, KIND.pick);
    const src = this.raw(id, widthOf(n - 1));
    const i = modRaw(this.lo, this.hi, n);
    if (this.log) this.push(id, site, { kind: "pick", n }, i, src);
    return items[i]!;
  }

  /**
   * One value of `choices`, each [weight, value], with probability weight / total when the input is
   * random; a zero weight is never chosen. Weights are integers in [0, 2^32 - 1], total > 0.
   */
  weighted<T>(choices: readonly (readonly [weight: number, value: T])[], site?: Site): T {
    const n = choices.length;
    let total = 0, h = sigStart(KIND.weighted);
    for (let i = 0; i < n; i++) {
      const w = choices[i]![0];
      if (!(Number.isInteger(w) && w >= 0 && w <= MAX_WEIGHT)) throw misuse(`weighted(): weight ${w} is not an integer in [0, 2^32-1]`);
      total += w;
      h = sigAdd(h, w);
    }
    if (total <= 0) throw misuse("weighted() needs a positive total weight");
    const id = site === undefined ? sigEnd(h) : this.labelId(site, KIND.weighted);
    const src = this.raw(id, Math.min(8, widthOf(total - 1) + 1));
    let x = modRaw(this.lo, this.hi, total), i = 0;
    while (i < n - 1 && (x -= choices[i]![0]) >= 0) i++;
    if (this.log) this.push(id, site, { kind: "weighted", weights: choices.map((c) => c[0]) }, i, src);
    return choices[i]![1];
  }

  /** An array of min..max elements (0 <= min <= max <= MAX_LENGTH), each made by fn(this). */
  array<T>(min: number, max: number, fn: (s: Smith) => T, site?: Site): T[] {
    const n = this.length(min, max, site);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = fn(this);
    return out;
  }

  /** A length in [min, max] (what array() uses for its element count). */
  length(min: number, max: number, site?: Site): number {
    if (!validLengths(min, max)) throw misuse(`length(${min}, ${max}) needs integers 0 <= min <= max <= ${MAX_LENGTH}`);
    const id = site === undefined ? sigId(KIND.length, min, max) : this.labelId(site, KIND.length);
    const src = this.raw(id, widthOf(max - min));
    const v = intFromRaw(min, max, this.lo, this.hi);
    if (this.log) this.push(id, site, { kind: "length", min, max }, v, src);
    return v;
  }

  /** Bytes, length in [minLength, maxLength]. Raw stream: a length as int() reads it, then the bytes. */
  bytes(opts?: LengthOptions, site?: Site): Uint8Array {
    const min = opts?.minLength ?? 0, max = opts?.maxLength ?? Math.max(64, min);
    if (!validLengths(min, max)) throw misuse(`bytes({minLength: ${min}, maxLength: ${max}}) needs integers 0 <= min <= max <= ${MAX_LENGTH}`);
    const id = site === undefined ? sigId(KIND.bytes, min, max) : this.labelId(site, KIND.bytes);
    const src = this.content(id, min, max);
    const v = bytesFromContent(this.input, this.cStart, this.cLen, min, max, this.cWant);
    if (this.log) this.push(id, site, { kind: "bytes", minLength: min, maxLength: max }, v, src);
    return v;
  }

  /** A string: ASCII or any code points (UTF-8 in the input), length in [minLength, maxLength]. */
  string(opts?: StringOptions, site?: Site): string {
    const min = opts?.minLength ?? 0, max = opts?.maxLength ?? Math.max(64, min);
    if (!validLengths(min, max)) throw misuse(`string({minLength: ${min}, maxLength: ${max}}) needs integers 0 <= min <= max <= ${MAX_LENGTH}`);
    const ascii = opts?.ascii === true;
    const id = site === undefined ? stringSig(ascii, min, max) : this.labelId(site, KIND.string);
    const src = this.content(id, min, max);
    const v = stringFromContent(this.input, this.cStart, this.cLen, ascii, min, max, this.cWant);
    if (this.log) this.push(id, site, { kind: "string", ascii, minLength: min, maxLength: max }, v, src);
    return v;
  }

  private labelId(site: Site, kind: number): number {
    if (typeof site === "number") return labelSiteId(site, kind);
    let h = this.labelHashes.get(site);
    if (h === undefined) {
      if (this.labelHashes.size > 4096) this.labelHashes.clear(); // labels built at run time must not leak
      this.labelHashes.set(site, h = hashString(site));
    }
    return labelSiteId(h, kind);
  }

  /** Counts a value read and takes the next unread record of site `id`; -1 when it has none left. */
  private takeRecord(id: number): number {
    this.valuesRead++;
    const c = this.layout.find(id);
    if (c < 0) return -1;
    const r = this.head[c]!;
    if (r >= 0) { this.head[c] = this.next[r]!; this.taken++; }
    return r;
  }

  /** Takes the next record of site `id` else `width` stream bytes else zeros into lo/hi; returns the source (0, 1, 2). */
  private raw(id: number, width: number): number {
    const L = this.layout;
    const r = this.takeRecord(id);
    if (r >= 0) {
      if (!isContentKind(L.siteKind[L.recSite[r]!]!)) {
        this.lo = L.recA[r]!;
        this.hi = L.recB[r]!;
      } else { // a content record read as a number: its first bytes, little-endian
        readLE(this.input, L.recA[r]!, L.recA[r]! + L.recB[r]!, width);
        this.lo = OUT.lo;
        this.hi = OUT.hi;
      }
      return 0;
    }
    if (this.pos < this.end) {
      readLE(this.input, this.pos, this.end, width);
      this.pos = Math.min(this.pos + width, this.end);
      this.lo = OUT.lo;
      this.hi = OUT.hi;
      return 1;
    }
    this.lo = this.hi = 0;
    return 2;
  }

  /** Like raw() for content: sets cStart/cLen/cWant; returns the source. */
  private content(id: number, min: number, max: number): number {
    const L = this.layout;
    const r = this.takeRecord(id);
    if (r >= 0) {
      if (isContentKind(L.siteKind[L.recSite[r]!]!)) {
        this.cStart = L.recA[r]!;
        this.cLen = L.recB[r]!;
      } else { // a number record read as content: its varint bytes
        this.cStart = L.recPayload[r]!;
        this.cLen = L.recEnd[r]! - this.cStart;
      }
      this.cWant = this.cLen;
      return 0;
    }
    if (this.pos < this.end) {
      const width = widthOf(max - min);
      readLE(this.input, this.pos, this.end, width);
      this.pos = Math.min(this.pos + width, this.end);
      const want = min + modRaw(OUT.lo, OUT.hi, max - min + 1);
      this.cStart = this.pos;
      this.cLen = Math.min(want, this.end - this.pos);
      this.cWant = want;
      this.pos += this.cLen;
      return 1;
    }
    this.cStart = this.cLen = this.cWant = 0;
    return 2;
  }

  private push(site: number, label: Site | undefined, domain: Domain, value: Value, src: number): void {
    this.log!.push(label === undefined ? { site, domain, value, source: SOURCES[src]! } : { site, label, domain, value, source: SOURCES[src]! });
  }
}
