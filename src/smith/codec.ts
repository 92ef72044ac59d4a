/**
 * encode/decode: between a list of consumed values and the bytes of a Smith file (README.md,
 * "Encoding"). decode accepts any bytes and never throws; encode throws RangeError for a value that
 * is not in its domain. decode(encode(vs)).values equals vs whenever each site keeps one domain.
 */
import { checkDomain, readDomain, writeDomain } from "./domainCodec.ts";
import { isContentKind, KIND, type Domain, type SmithValue } from "./kinds.ts";
import { HEADER_SIZE, Layout, MAGIC, VERSION } from "./layout.ts";
import { contentOfValue, rawOfValue, valueFromContent, valueFromRaw } from "./mapping.ts";
import { formatSiteId } from "./siteId.ts";
import { OUT } from "./u64.ts";
import { ByteWriter } from "./writer.ts";

/** A site table entry: the call site's id and the domain it was first asked in. */
export interface SiteEntry {
  readonly id: number;
  readonly domain: Domain;
}

/** What a byte string holds, read as a Smith input. */
export interface Decoded {
  /** "smith": the header and this version; "raw": no header (or another version), all bytes are tail. */
  readonly format: "smith" | "raw";
  /** The version byte after the magic (0 without magic). */
  readonly version: number;
  readonly sites: readonly SiteEntry[];
  /** The records in file order, each under its site entry's domain. */
  readonly values: readonly SmithValue[];
  /** Bytes read as a raw stream once a site has no records left (the whole input when raw). */
  readonly tail: Uint8Array;
  /** Offset of the tail in the input. */
  readonly tailOffset: number;
  /** Why part of the input was read differently than it may look (unknown version, malformed element). */
  readonly note?: string;
}

const layout = new Layout();

/** Reads any byte string as a Smith input. Never throws. */
export function decode(bytes: Uint8Array): Decoded {
  const L = layout.scan(bytes, bytes.length);
  const tail = bytes.slice(L.tailStart);
  if (!L.structured) {
    const note = L.version !== 0 ? `magic with unknown version ${L.version} (this reader knows ${VERSION}): read as a raw stream` : undefined;
    return { format: "raw", version: L.version, sites: [], values: [], tail, tailOffset: 0, ...(note ? { note } : {}) };
  }
  const sites: SiteEntry[] = [];
  for (let i = 0; i < L.nSites; i++) {
    sites.push({ id: L.siteId[i]!, domain: readDomain(bytes, L.siteKind[i]!, L.siteDomain[i]!, L.siteEnd[i]!) });
  }
  const values: SmithValue[] = [];
  for (let r = 0; r < L.nRecords; r++) {
    const s = sites[L.recSite[r]!]!;
    const a = L.recA[r]!, b = L.recB[r]!;
    const value = isContentKind(KIND[s.domain.kind]) ? valueFromContent(s.domain, bytes, a, b) : valueFromRaw(s.domain, a, b);
    values.push({ site: s.id, domain: s.domain, value });
  }
  const note = L.complete ? undefined : `scan stopped at byte ${L.tailStart} (truncated or malformed ${L.nRecords === 0 && L.recordsStart === L.sitesEnd ? "site table" : "record"}): the rest is tail`;
  return { format: "smith", version: VERSION, sites, values, tail, tailOffset: L.tailStart, ...(note ? { note } : {}) };
}

/**
 * Encodes consumed values (e.g. a recording) as a Smith file: header, the site table in order of
 * first use, the records in the given order, then `tail` verbatim. Throws RangeError when a domain
 * is not one a harness could ask for, a value is outside its domain, or one site id (a u32) is used
 * with two kinds.
 */
export function encode(values: readonly SmithValue[], tail: Uint8Array = new Uint8Array(0)): Uint8Array {
  // One site entry per (id, domain): a site asked with two domains keeps both (found by fuzzing
  // the codec with bunfuzz: keying by id alone rewrote the second value's domain).
  const index = new Map<string, number>();
  const kindOfId = new Map<number, string>();
  let nSites = 0;
  const w = new ByteWriter(64 + values.length * 4 + tail.length);
  const sitesW = new ByteWriter();
  const recordsW = new ByteWriter();
  for (const v of values) {
    if (!Number.isInteger(v.site) || v.site < 0 || v.site > 0xffffffff) throw new RangeError(`site id ${v.site} is not a u32`);
    checkDomain(v.domain);
    const known = kindOfId.get(v.site);
    if (known !== undefined && known !== v.domain.kind) {
      throw new RangeError(`site ${formatSiteId(v.site)} is used as ${known} and as ${v.domain.kind}`);
    }
    kindOfId.set(v.site, v.domain.kind);
    const key = `${v.site}:${JSON.stringify(v.domain, (_k, x) => (typeof x === "bigint" ? `${x}n` : x))}`;
    let i = index.get(key);
    if (i === undefined) {
      index.set(key, i = nSites++);
      sitesW.u32(v.site);
      sitesW.u8(KIND[v.domain.kind]);
      writeDomain(sitesW, v.domain);
    }
    recordsW.uint(i);
    if (isContentKind(KIND[v.domain.kind])) {
      const c = contentOfValue(v.domain, v.value);
      recordsW.uint(c.length);
      recordsW.bytes(c);
    } else {
      rawOfValue(v.domain, v.value);
      recordsW.varint(OUT.lo, OUT.hi);
    }
  }
  w.bytes(MAGIC);
  w.u8(VERSION);
  w.uint(nSites);
  w.bytes(sitesW.finish());
  w.uint(values.length);
  w.bytes(recordsW.finish());
  w.bytes(tail);
  return w.finish();
}

/** The header alone (magic + version): every byte after it is read as described in README.md. */
export function header(): Uint8Array {
  const h = new Uint8Array(HEADER_SIZE);
  h.set(MAGIC);
  h[4] = VERSION;
  return h;
}
