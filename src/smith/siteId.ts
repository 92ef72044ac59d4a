/**
 * Call-site ids: 32-bit numbers that tie each value to the place in the harness that asked for it.
 *
 * An id comes from a caller-supplied label when there is one (a string is hashed; a number, e.g.
 * one injected by an instrumenter, is used as given), and otherwise from the request's signature:
 * its kind and domain (`int(0, 100)`). The kind is mixed into every id (Zig's uid has a type
 * component too), so one label used for an int and a string names two sites.
 *
 * Why not the caller's source location, as Zig does with @returnAddress? Measured on Bun 1.4.5:
 * Error.captureStackTrace costs 0.5-1 µs per value, and the frame it reports is not stable: JSC
 * performs proper tail calls in strict code (every ES module), and Bun's transpiler turns
 * `const v = s.int(..); return v` into a tail call, so the harness frame vanishes and the reported
 * "caller" is whatever called the harness (the fuzz loop in one run, bun test in the replay).
 * See README.md, "Call-site ids".
 */

/** A label for a call site: a string (hashed) or a number (used as the id's seed as is). */
export type Site = string | number;

/** Mixes a 32-bit word (murmur3's finaliser): distinct inputs spread over all 32 bits. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over a string's UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The id of a labelled site: label hash (or number) and kind code, mixed. */
export function labelSiteId(label: Site, kind: number): number {
  const h = typeof label === "number" ? label >>> 0 : hashString(label);
  return mix32(h ^ Math.imul(kind + 0x51, 0x9e3779b1));
}

/**
 * Incremental signature hash for unlabelled sites: start with sigStart(kind), fold in each domain
 * word with sigAdd, finish with sigEnd. Labels and signatures start from different seeds.
 */
export function sigStart(kind: number): number {
  return Math.imul(0x2545f491 ^ kind, 0x01000193) >>> 0;
}

/** Folds one number (any double; integers below 2^53 are folded exactly) into a signature hash. */
export function sigAdd(h: number, x: number): number {
  const lo = x % 4294967296 >>> 0;
  const hi = Math.floor(x / 4294967296) >>> 0;
  h = Math.imul(h ^ lo, 0x01000193);
  return Math.imul(h ^ hi, 0x01000193) >>> 0;
}

/** Finishes a signature hash into a site id. */
export function sigEnd(h: number): number {
  return mix32(h);
}

/** Signature id of a request with up to two numeric domain words (the common case). */
export function sigId(kind: number, a = 0, b = 0): number {
  return sigEnd(sigAdd(sigAdd(sigStart(kind), a), b));
}

/** Formats an id as the encoding and describe() show it: 8 hex digits. */
export function formatSiteId(id: number): string {
  return (id >>> 0).toString(16).padStart(8, "0");
}
