/**
 * The ids Smith gives requests, computed from a domain: what an unlabelled call of that domain
 * gets (its signature) and what a labelled one gets. For tests, tools and value lists built by hand.
 */
import { KIND, type Domain } from "./kinds.ts";
import { labelSiteId, sigAdd, sigEnd, sigId, sigStart, type Site } from "./siteId.ts";
import { floatBits, OUT, splitBig } from "./u64.ts";

/** Id of every unlabelled bool(). */
export const BOOL_ID = sigId(KIND.bool);

/** Id of every unlabelled more(). */
export const MORE_ID = sigId(KIND.more);

/** Signature id of an unlabelled bigint(min, max). */
export function bigintSig(min: bigint, max: bigint): number {
  splitBig(min);
  const h = sigAdd(sigAdd(sigStart(KIND.bigint), OUT.lo), OUT.hi);
  splitBig(max);
  return sigEnd(sigAdd(sigAdd(h, OUT.lo), OUT.hi));
}

/** Signature id of an unlabelled float() (bounds fold in only when ranged). */
export function floatSig(ranged: boolean, min: number, max: number): number {
  let h = sigStart(KIND.float);
  if (ranged) {
    floatBits(min);
    h = sigAdd(sigAdd(h, OUT.lo), OUT.hi);
    floatBits(max);
    h = sigAdd(sigAdd(h, OUT.lo), OUT.hi);
  }
  return sigEnd(h);
}

/** Signature id of an unlabelled string() with these options. */
export function stringSig(ascii: boolean, min: number, max: number): number {
  return sigEnd(sigAdd(sigAdd(sigAdd(sigStart(KIND.string), min), max), ascii ? 1 : 0));
}

/** The id an unlabelled request of this domain gets (what Smith computes; for tests and tools). */
export function signatureId(d: Domain): number {
  switch (d.kind) {
    case "bool": return BOOL_ID;
    case "more": return MORE_ID;
    case "int": return sigId(KIND.int, d.min, d.max);
    case "length": return sigId(KIND.length, d.min, d.max);
    case "pick": return sigId(KIND.pick, d.n);
    case "bytes": return sigId(KIND.bytes, d.minLength, d.maxLength);
    case "string": return stringSig(d.ascii, d.minLength, d.maxLength);
    case "weighted": {
      let h = sigStart(KIND.weighted);
      for (const w of d.weights) h = sigAdd(h, w);
      return sigEnd(h);
    }
    case "bigint": return bigintSig(d.min, d.max);
    case "float": return floatSig(d.ranged, d.min, d.max);
  }
}

/** The id a labelled request of domain d gets (the domain's kind matters, its bounds do not). */
export function labelledId(label: Site, d: Domain): number {
  return labelSiteId(label, KIND[d.kind]);
}
