/**
 * The kinds of value a harness can ask for, their one-byte codes in the encoding, and the domain
 * each request carries (the range, choice count or weights a value must respect).
 */

/** Kind codes as written in site entries (README: "Site table"). 0 and codes above 10 are malformed. */
export const KIND = {
  bool: 1,
  more: 2,
  int: 3,
  bigint: 4,
  float: 5,
  pick: 6,
  weighted: 7,
  length: 8,
  bytes: 9,
  string: 10,
} as const;

/** A kind's name. */
export type KindName = keyof typeof KIND;

/** A kind's code (1..10). */
export type KindCode = (typeof KIND)[KindName];

/** Kind names by code (index 0 unused). */
export const KIND_NAMES: readonly (KindName | undefined)[] = [
  undefined, "bool", "more", "int", "bigint", "float", "pick", "weighted", "length", "bytes", "string",
];

/** Whether a kind's payload is a byte string (bytes, string) rather than a raw u64 varint. */
export function isContentKind(code: number): boolean {
  return code === KIND.bytes || code === KIND.string;
}

/** Whether a code names a kind. */
export function isKindCode(code: number): code is KindCode {
  return code >= 1 && code <= 10;
}

/**
 * Longest bytes/string/array a harness may ask for (elements; 1 MiB). A guess that keeps a garbage
 * site table from allocating gigabytes while decoding; inputs are far shorter anyway.
 */
export const MAX_LENGTH = 1 << 20;

/** Largest weight of a weighted choice (weights are integers in [0, 2^32 - 1]). */
export const MAX_WEIGHT = 0xffffffff;

/** Bounds of bigint(): a domain lies in [-2^63, 2^64 - 1] and has at most 2^64 values (raw words are u64). */
export const BIGINT_MIN = -(1n << 63n);
/** See BIGINT_MIN. */
export const BIGINT_MAX = (1n << 64n) - 1n;

/**
 * What one request asked for. Ranges are inclusive; lengths count bytes (bytes), characters
 * (ASCII strings), code points (UTF-8 strings) or elements (array lengths). A float domain without
 * `ranged` is every double, NaN and infinities included.
 */
export type Domain =
  | { readonly kind: "bool" }
  | { readonly kind: "more" }
  | { readonly kind: "int"; readonly min: number; readonly max: number }
  | { readonly kind: "bigint"; readonly min: bigint; readonly max: bigint }
  | { readonly kind: "float"; readonly ranged: boolean; readonly min: number; readonly max: number }
  | { readonly kind: "pick"; readonly n: number }
  | { readonly kind: "weighted"; readonly weights: readonly number[] }
  | { readonly kind: "length"; readonly min: number; readonly max: number }
  | { readonly kind: "bytes"; readonly minLength: number; readonly maxLength: number }
  | { readonly kind: "string"; readonly ascii: boolean; readonly minLength: number; readonly maxLength: number };

/**
 * A value as the harness received it: boolean (bool, more), number (int, float, length, and the
 * chosen index of pick/weighted), bigint, Uint8Array (bytes) or string.
 */
export type Value = boolean | number | bigint | Uint8Array | string;

/** One consumed value: the call site's id, the domain it was asked in, and what it got. */
export interface SmithValue {
  /** The call site's 32-bit id (siteId.ts). */
  readonly site: number;
  readonly domain: Domain;
  readonly value: Value;
}
