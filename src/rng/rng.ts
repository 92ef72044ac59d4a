/**
 * The one source of randomness (xoshiro128**). Its whole state is four u32 words, which may live in
 * shared memory: the worker stores the state before each input's mutations, so the supervisor
 * (or a test) can rebuild exactly what a dead worker was doing. `-seed=N` reproduces a run.
 */
export interface Rng {
  /** A uniformly random u32. */
  next(): number;
  /** A uniformly random integer in [0, n); n must be in [1, 2^32]. */
  below(n: number): number;
  /** True with probability 1/2. */
  bool(): boolean;
  /** The state words (live: writing them changes the stream). */
  readonly state: Uint32Array;
}

export class Xoshiro128 implements Rng {
  readonly state: Uint32Array;

  /** seed: any integer; state: optional storage for the four words (e.g. a shared-memory view). */
  constructor(seed: number, state: Uint32Array = new Uint32Array(4)) {
    this.state = state;
    this.reseed(seed);
  }

  /** Expands a seed with splitmix32 so that nearby seeds give unrelated streams. */
  reseed(seed: number): void {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.state[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.state[0]! | this.state[1]! | this.state[2]! | this.state[3]!) === 0) this.state[0] = 1;
  }

  next(): number {
    const s = this.state;
    const s0 = s[0]!, s1 = s[1]!, s2 = s[2]!, s3 = s[3]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  below(n: number): number {
    return Math.floor((this.next() / 4294967296) * n);
  }

  bool(): boolean {
    return (this.next() & 0x80000000) !== 0;
  }
}

/**
 * A scripted RNG for exact mutator tests: returns the given values in order (for below(n), the
 * value modulo n) and fails loudly when the script runs out.
 */
export class ScriptedRng implements Rng {
  readonly state = new Uint32Array(4);
  private i = 0;
  constructor(private readonly values: number[]) {}
  next(): number {
    if (this.i >= this.values.length) throw new Error(`ScriptedRng: script of ${this.values.length} values exhausted`);
    return this.values[this.i++]! >>> 0;
  }
  below(n: number): number {
    return this.next() % n;
  }
  bool(): boolean {
    return (this.next() & 1) === 1;
  }
  get used(): number {
    return this.i;
  }
}
