/**
 * FuzzedDataProvider with Jazzer.js's API and byte semantics (bunfuzz's own implementation), so
 * that a Jazzer.js target reads the same values from the same input under either fuzzer and a
 * corpus carries over. The semantics follow Jazzer.js 4.0's documentation and its test suite
 * (packages/core/FuzzedDataProvider.test.ts), which this class passes; libFuzzer's
 * FuzzedDataProvider.h is the common ancestor:
 *
 * - single values (integrals, booleans, doubles, picks) are read from the END of the input,
 *   little-endian; arrays, byte runs and strings from the FRONT (integrals there big-endian);
 * - an integral in [min, max] takes as many bytes as the range needs (at most what is left) and is
 *   `min + raw % (max - min + 1)`; with nothing left it is `min`;
 * - strings are UTF-8 (invalid sequences become U+FFFD), `maxLength` counts bytes.
 */

/** Thrown when a length or byte count is not a whole number (Jazzer.js's class and name). */
export class FloatLengthError extends Error {
  constructor() {
    super("length value must be an integer");
    this.name = "FLOAT_LENGTH_ERROR";
  }
}

function wholeNumbers(...xs: number[]): void {
  for (const x of xs) if (!Number.isInteger(x)) throw new FloatLengthError();
}

/** Reads typed values from a fuzzer input (see the file comment for the byte layout). */
export class FuzzedDataProvider {
  /** Largest finite 32-bit float, and its negation. */
  static readonly min_float = -3.4028235e38;
  static readonly max_float = 3.4028235e38;
  /** Largest finite double, and its negation. */
  static readonly min_double = -Number.MAX_VALUE;
  static readonly max_double = Number.MAX_VALUE;

  private readonly bytes: Buffer;
  /** Index of the first unread byte at the front. */
  private front = 0;
  /** Unread bytes: bytes[front .. front + left). The back end is front + left. Public in Jazzer.js. */
  _remainingBytes: number;

  /** `data`: the fuzzer input (a Buffer or any Uint8Array; not copied). */
  constructor(data: Uint8Array) {
    this.bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this._remainingBytes = data.length;
  }

  /** Bytes not yet consumed. */
  get remainingBytes(): number {
    return this._remainingBytes;
  }

  // ---- single values, from the back ----

  /** One byte; true when its lowest bit is set (false when the input is used up). */
  consumeBoolean(): boolean {
    return (this.consumeIntegral(1) & 1) === 1;
  }

  /**
   * An integral of up to `maxNumBytes` bytes (0-6; use consumeBigIntegral beyond), unsigned in
   * [0, 2^(8n) - 1] or, with isSigned, in [-2^(8n-1), 2^(8n-1) - 1] (offset from the minimum, not
   * two's complement).
   */
  consumeIntegral(maxNumBytes: number, isSigned = false): number {
    wholeNumbers(maxNumBytes);
    return this.integral(maxNumBytes, isSigned, true);
  }

  /** An integral in [min, max] (both inclusive, at most 2^48 - 1 apart); `min` once the input is used up. */
  consumeIntegralInRange(min: number, max: number): number {
    return this.inRange(min, max, true);
  }

  /** A bigint of up to `maxNumBytesToConsume` bytes, unsigned or (isSigned) offset from the signed minimum. */
  consumeBigIntegral(maxNumBytesToConsume: number, isSigned = false): bigint {
    wholeNumbers(maxNumBytesToConsume);
    return this.bigIntegral(maxNumBytesToConsume, isSigned, true);
  }

  /** A bigint in [min, max] (both inclusive); `min` once the input is used up. */
  consumeBigIntegralInRange(min: bigint, max: bigint): bigint {
    return this.bigInRange(min, max, true);
  }

  /**
   * The last 8 bytes as a little-endian IEEE 754 double, as is (NaN and infinities included).
   * With fewer than 8 left, those (front) bytes fill the high end of the 8; with none, 0.
   */
  consumeNumber(): number {
    const left = this._remainingBytes;
    if (left === 0) return 0;
    if (left < 8) {
      const pad = Buffer.alloc(8);
      this.bytes.copy(pad, 8 - left, this.front, this.front + left);
      this._remainingBytes = 0;
      return pad.readDoubleLE(0);
    }
    this._remainingBytes -= 8;
    return this.bytes.readDoubleLE(this.front + this._remainingBytes);
  }

  /** A number in [min, max] (consumeDoubleInRange). */
  consumeNumberInRange(min: number, max: number): number {
    return this.consumeDoubleInRange(min, max);
  }

  /** A finite 32-bit-float-ranged number. */
  consumeFloat(): number {
    return this.consumeFloatInRange(FuzzedDataProvider.min_float, FuzzedDataProvider.max_float);
  }

  /** A number in [min, max] from 4 bytes of probability (5 when the range spans more than max_float). */
  consumeFloatInRange(min: number, max: number): number {
    return this.scaled(min, max, FuzzedDataProvider.max_float, () => this.consumeProbabilityFloat());
  }

  /** A finite double. */
  consumeDouble(): number {
    return this.consumeDoubleInRange(FuzzedDataProvider.min_double, FuzzedDataProvider.max_double);
  }

  /** A number in [min, max] from 8 bytes of probability (9 when the range spans more than max_double). */
  consumeDoubleInRange(min: number, max: number): number {
    return this.scaled(min, max, FuzzedDataProvider.max_double, () => this.consumeProbabilityDouble());
  }

  /** A number in [0, 1] from 4 bytes. */
  consumeProbabilityFloat(): number {
    return this.consumeIntegral(4) / 0xffffffff;
  }

  /** A number in [0, 1] from 8 bytes. */
  consumeProbabilityDouble(): number {
    return Number(this.consumeBigIntegral(8)) / Number(0xffffffffffffffffn);
  }

  /** One element of a non-empty array (not perfectly uniform, as in libFuzzer). */
  pickValue<T>(array: T[]): T {
    if (array.length === 0) throw new Error("provided array is empty");
    return array[this.consumeIntegralInRange(0, array.length - 1)]!;
  }

  // ---- arrays, from the front ----

  /** Up to maxLength booleans, one byte each (lowest bit). */
  consumeBooleans(maxLength: number): boolean[] {
    return this.consumeBytes(maxLength).map((b) => (b & 1) === 1);
  }

  /** Up to maxLength integrals of numBytesPerIntegral bytes each, big-endian; a last partial one uses what is left. */
  consumeIntegrals(maxLength: number, numBytesPerIntegral: number, isSigned = false): number[] {
    wholeNumbers(maxLength, numBytesPerIntegral);
    const n = this.elements(maxLength, numBytesPerIntegral);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.integral(numBytesPerIntegral, isSigned, false));
    return out;
  }

  /** Up to maxLength bigints of numBytesPerIntegral bytes each, big-endian. */
  consumeBigIntegrals(maxLength: number, numBytesPerIntegral: number, isSigned = false): bigint[] {
    wholeNumbers(maxLength, numBytesPerIntegral);
    const n = this.elements(maxLength, numBytesPerIntegral);
    const out: bigint[] = [];
    for (let i = 0; i < n; i++) out.push(this.bigIntegral(numBytesPerIntegral, isSigned, false));
    return out;
  }

  /** Up to maxLength big-endian doubles, 8 bytes each; a short last one is zero-padded at its end. */
  consumeNumbers(maxLength: number): number[] {
    wholeNumbers(maxLength);
    const n = this.elements(maxLength, 8);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.frontDouble());
    return out;
  }

  /** Up to maxLength bytes, as numbers. */
  consumeBytes(maxLength: number): number[] {
    wholeNumbers(maxLength);
    const n = Math.min(this._remainingBytes, maxLength);
    const out = Array.from(this.bytes.subarray(this.front, this.front + n));
    this.advance(n);
    return out;
  }

  /** Every byte left, as numbers; afterwards every consume returns its fixed "empty" value. */
  consumeRemainingAsBytes(): number[] {
    return this.consumeBytes(this._remainingBytes);
  }

  /** A UTF-8 string of up to maxLength bytes. (A second argument, once an encoding, is ignored: always UTF-8, as Jazzer.js 2+.) */
  consumeString(maxLength: number, ..._ignored: unknown[]): string {
    if (maxLength < 0) throw new Error("maxLength must be non-negative");
    wholeNumbers(maxLength);
    const n = Math.min(maxLength, this._remainingBytes);
    const s = this.bytes.toString("utf8", this.front, this.front + n);
    this.advance(n);
    return s;
  }

  /** Every byte left, as a UTF-8 string. */
  consumeRemainingAsString(): string {
    return this.consumeString(this._remainingBytes);
  }

  /** Strings of up to maxStringLength bytes each, until maxArrayLength of them or the input is used up. */
  consumeStringArray(maxArrayLength: number, maxStringLength: number): string[] {
    wholeNumbers(maxArrayLength, maxStringLength);
    const out: string[] = [];
    while (out.length < maxArrayLength && this._remainingBytes > 0) out.push(this.consumeString(maxStringLength));
    return out;
  }

  /** numValues distinct positions of array (each picked from those not yet picked). */
  pickValues<T>(array: T[], numValues: number): T[] {
    if (array.length === 0) throw new Error("array must not be empty");
    wholeNumbers(numValues);
    if (numValues < 0) throw new Error("numValues must not be negative");
    if (numValues > array.length) throw new Error("numValues must not be greater than the array length");
    const pool = array.slice();
    const out: T[] = [];
    for (let i = 0; i < numValues; i++) out.push(pool.splice(this.consumeIntegralInRange(0, pool.length - 1), 1)[0]!);
    return out;
  }

  // ---- the two readers everything above uses ----

  private advance(n: number): void {
    this.front += n;
    this._remainingBytes -= n;
  }

  /** How many elements of `size` bytes the rest holds, a partial last one included, capped at maxLength. */
  private elements(maxLength: number, size: number): number {
    return Math.ceil(Math.min(this._remainingBytes, maxLength * size) / size);
  }

  private integral(nBytes: number, signed: boolean, back: boolean): number {
    if (nBytes < 0 || nBytes > 6) throw new Error("maxNumBytes must be between 0 and 6: use the corresponding *BigIntegral function instead");
    const bits = 8 * nBytes;
    return signed ? this.inRange(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1, back) : this.inRange(0, 2 ** bits - 1, back);
  }

  private inRange(min: number, max: number, back: boolean): number {
    if (min === max) return min;
    if (min > max) throw new Error("min must be less than or equal to max");
    if (this._remainingBytes === 0) return min;
    if (max > Number.MAX_SAFE_INTEGER) throw new Error("max is too large: use the corresponding *BigIntegral function instead");
    const span = max - min;
    const n = Math.min(this._remainingBytes, Math.ceil(Math.log2(span + 1) / 8));
    if (n > 6) throw new Error("requested range exceeds 2**48-1: use the corresponding *BigIntegral function instead");
    let raw: number;
    if (back) {
      this._remainingBytes -= n;
      raw = n === 0 ? 0 : this.bytes.readUIntLE(this.front + this._remainingBytes, n);
    } else {
      raw = n === 0 ? 0 : this.bytes.readUIntBE(this.front, n);
      this.advance(n);
    }
    return min + (raw % (span + 1));
  }

  private bigIntegral(nBytes: number, signed: boolean, back: boolean): bigint {
    const bits = BigInt(8 * nBytes);
    if (!signed) return this.bigInRange(0n, (1n << bits) - 1n, back);
    // Jazzer.js computes the signed bounds in doubles (BigInt(2 ** (bits - 1) - 1)); from 7 bytes on
    // that rounds the maximum up to 2^(bits-1), so the range needs one byte more: a signed 7- or
    // 8-byte bigint consumes 8 or 9 bytes. Same arithmetic here, so both fuzzers read the same
    // numbers from the same input.
    return this.bigInRange(BigInt(-(2 ** (8 * nBytes - 1))), BigInt(2 ** (8 * nBytes - 1) - 1), back);
  }

  private bigInRange(min: bigint, max: bigint, back: boolean): bigint {
    if (min === max) return min;
    if (min > max) throw new Error("min must be less than or equal to max");
    const span = max - min;
    let raw = 0n;
    for (let shift = 0n; span >> shift > 0n && this._remainingBytes > 0; shift += 8n) {
      let byte: number;
      if (back) byte = this.bytes[this.front + --this._remainingBytes]!;
      else {
        byte = this.bytes[this.front]!;
        this.advance(1);
      }
      raw = (raw << 8n) | BigInt(byte);
    }
    return (raw % (span + 1n)) + min;
  }

  private frontDouble(): number {
    const left = this._remainingBytes;
    if (left === 0) return 0;
    if (left < 8) {
      const pad = Buffer.alloc(8);
      this.bytes.copy(pad, 0, this.front, this.front + left);
      this._remainingBytes = 0;
      return pad.readDoubleBE(0);
    }
    const v = this.bytes.readDoubleBE(this.front);
    this.advance(8);
    return v;
  }

  /** min + range * probability, with the range halved (and one boolean) when it would overflow. */
  private scaled(min: number, max: number, largest: number, probability: () => number): number {
    if (min === max) return min;
    if (min > max) throw new Error("min must be less than or equal to max");
    let base = min, range = max - min;
    if (min < 0 && max > 0 && max > min + largest) {
      range = max / 2 - min / 2;
      if (this.consumeBoolean()) base += range;
    }
    return base + range * probability();
  }
}
