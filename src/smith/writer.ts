/**
 * A growable byte writer for encode() and canonicalize(): not on the per-execution path, so it may
 * allocate. Mutators write into the engine's fixed buffers instead (mutate/rewrite.ts).
 */
import { OUT, splitNumber, writeVarint } from "./u64.ts";

/** Appends bytes, doubling its buffer as needed. */
export class ByteWriter {
  /** The buffer; bytes [0, pos) are written. Replaced when it grows. */
  buf: Uint8Array;
  /** Bytes written so far. */
  pos = 0;

  /** capacity: initial buffer size in bytes (it doubles as needed). */
  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.pos + n, this.buf.length * 2));
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  /** One byte. */
  u8(x: number): void {
    this.room(1);
    this.buf[this.pos++] = x;
  }

  /** A u32, little-endian. */
  u32(x: number): void {
    this.room(4);
    for (let i = 0; i < 4; i++) this.buf[this.pos++] = (x >>> (8 * i)) & 0xff;
  }

  /** A double, little-endian IEEE-754. */
  f64(x: number): void {
    this.room(8);
    new DataView(this.buf.buffer, this.buf.byteOffset).setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  /** A u64 varint from (lo, hi). */
  varint(lo: number, hi: number): void {
    this.room(10);
    this.pos = writeVarint(this.buf, this.pos, lo, hi);
  }

  /** A varint of a non-negative integer number (< 2^53). */
  uint(n: number): void {
    splitNumber(n);
    this.varint(OUT.lo, OUT.hi);
  }

  /** A varint of a non-negative bigint of any size (the domain minimums use up to 66 bits). */
  bigVarint(n: bigint): void {
    this.room(16);
    while (n >= 0x80n) {
      this.buf[this.pos++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.pos++] = Number(n);
  }

  /** Bytes verbatim. */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Zigzag: signed to unsigned, small magnitudes small (0, -1, 1, -2 → 0, 1, 2, 3). */
export function zigzag(n: bigint): bigint {
  return n >= 0n ? n * 2n : -n * 2n - 1n;
}

/** Inverse of zigzag. */
export function unzigzag(z: bigint): bigint {
  return (z & 1n) === 0n ? z / 2n : -(z + 1n) / 2n;
}

/** Reads a varint of up to 10 bytes as a bigint (up to 70 bits); -1n position when malformed. */
export function readBigVarint(bytes: Uint8Array, pos: number, end: number): { value: bigint; pos: number } {
  let v = 0n, shift = 0n;
  for (let i = 0; i < 10 && pos < end; i++) {
    const b = bytes[pos++]!;
    v |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return { value: v, pos };
    shift += 7n;
  }
  return { value: 0n, pos: -1 };
}
