import { WordList } from "../../src/mutators/words.ts";
import type { ComparePair, CompareSource, MutationState } from "../../src/mutators/types.ts";
import type { Rng } from "../../src/rng/rng.ts";

/** A MutationState over a fresh buffer holding `input`, for mutator tests. */
export function stateFor(input: string | number[], rng: Rng, opts: { capacity?: number; maxSize?: number; other?: Uint8Array; pairs?: ComparePair[]; dict?: string[] } = {}): MutationState {
  const cap = opts.capacity ?? 64;
  const data = new Uint8Array(cap);
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : Uint8Array.from(input);
  data.set(bytes);
  const manual = new WordList();
  for (const w of opts.dict ?? []) manual.add(new TextEncoder().encode(w));
  const pairs = opts.pairs ?? [];
  const compares: CompareSource = {
    pickPair(r, pair) {
      if (!pairs.length) return false;
      const p = pairs[r.below(pairs.length)]!;
      pair.a.set(p.a.subarray(0, p.aLen)); pair.aLen = p.aLen;
      pair.b.set(p.b.subarray(0, p.bLen)); pair.bLen = p.bLen;
      pair.width = p.width;
      return true;
    },
  };
  return {
    data, size: bytes.length, maxSize: opts.maxSize ?? cap, scratch: new Uint8Array(cap), rng,
    otherInput: () => opts.other, manualDict: manual, autoDict: new WordList(), compares,
    lastWord: new Uint8Array(256), lastWordLen: 0,
  };
}

export function text(s: MutationState, size: number): string {
  return Buffer.from(s.data.subarray(0, size)).toString("latin1");
}

export function intPair(a: number, b: number, width: number): ComparePair {
  const pa = new Uint8Array(64), pb = new Uint8Array(64);
  // Division, not >>>: a shift count of 32 or more wraps around in JS.
  for (let i = 0; i < width; i++) { pa[i] = Math.floor(a / 2 ** (8 * i)) & 0xff; pb[i] = Math.floor(b / 2 ** (8 * i)) & 0xff; }
  return { a: pa, aLen: width, b: pb, bLen: width, width };
}
