import type { CoverageSink } from "./runtime.ts";

/** One recorded comparison. */
export interface CmpRecord {
  readonly site: number;
  readonly a: number | string | Uint8Array;
  readonly b: number | string | Uint8Array;
}

/**
 * A CoverageSink in plain memory, for tests and benchmarks: counters are ordinary arrays kept by
 * file key, compare records go to a list that keeps the last `limit` entries.
 */
export class MemorySink implements CoverageSink {
  /** Counter arrays by file key. */
  readonly counters = new Map<string, Uint8Array>();
  private ring: CmpRecord[] = [];
  private head = 0;
  /** How many allocCounters calls were made (to check once-per-key allocation). */
  allocations = 0;

  constructor(private readonly limit = 4096) {}

  allocCounters(fileKey: string, n: number): Uint8Array {
    this.allocations++;
    const c = new Uint8Array(n);
    this.counters.set(fileKey, c);
    return c;
  }

  recordInts(site: number, a: number, b: number): void {
    this.push({ site, a, b });
  }

  recordBytes(site: number, a: Uint8Array | string, b: Uint8Array | string): void {
    this.push({ site, a, b });
  }

  private push(r: CmpRecord): void {
    if (this.ring.length < this.limit) {
      this.ring.push(r);
    } else {
      this.ring[this.head] = r;
      this.head = (this.head + 1) % this.limit;
    }
  }

  /** Recorded comparisons, oldest first (the last `limit` of them). */
  get records(): CmpRecord[] {
    return [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
  }

  /** Number of non-zero counters over all files. */
  coveredProbes(): number {
    let n = 0;
    for (const c of this.counters.values()) for (const v of c) if (v !== 0) n++;
    return n;
  }

  /** Zeroes every counter and forgets the records. */
  reset(): void {
    for (const c of this.counters.values()) c.fill(0);
    this.ring = [];
    this.head = 0;
  }
}
