import { copyBytes } from "../util/copyBytes.ts";
import { SKIP, type MutationState, type Word, type WordSource } from "./types.ts";

/** Inserts `w[0..len)` at a random position, or overwrites bytes with it (libFuzzer's ApplyDictionaryEntry). */
export function applyWord(s: MutationState, w: Uint8Array, len: number): number {
  const size = s.size;
  if (len === 0) return SKIP;
  let out: number;
  if (s.rng.bool()) {
    if (size + len > s.maxSize) return SKIP;
    const idx = s.rng.below(size + 1);
    s.data.copyWithin(idx + len, idx, size);
    copyBytes(s.data, idx, w, 0, len);
    out = size + len;
  } else {
    if (len > size) return SKIP;
    const idx = s.rng.below(size - len + 1);
    copyBytes(s.data, idx, w, 0, len);
    out = size;
  }
  copyBytes(s.lastWord, 0, w, 0, len);
  s.lastWordLen = len;
  return out;
}

/** A list of words with uniform choice: the manual dictionary (-dict) and the auto-dictionary. */
export class WordList implements WordSource {
  readonly words: Word[] = [];
  private readonly keys = new Set<string>();

  get size(): number {
    return this.words.length;
  }

  /** Adds a word unless it is already present or empty; returns whether it was added. */
  add(bytes: Uint8Array): boolean {
    if (bytes.length === 0) return false;
    const key = Buffer.from(bytes).toString("latin1");
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.words.push({ bytes: bytes.slice() });
    return true;
  }

  pick(rng: MutationState["rng"]): Word | undefined {
    return this.words.length ? this.words[rng.below(this.words.length)] : undefined;
  }
}

export function manualDict(s: MutationState): number {
  const w = s.manualDict.pick(s.rng);
  return w ? applyWord(s, w.bytes, w.bytes.length) : SKIP;
}

export function persAutoDict(s: MutationState): number {
  const w = s.autoDict.pick(s.rng);
  return w ? applyWord(s, w.bytes, w.bytes.length) : SKIP;
}
