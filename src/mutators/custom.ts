import { SKIP, type MutationState } from "./types.ts";

/** LLVMFuzzerCustomMutator on the input (it edits the slot, which is s.data). */
export function customMutator(s: MutationState): number {
  if (!s.native) return SKIP;
  const n = s.native.customMutate(s.size, s.maxSize, s.rng.next());
  return n > 0 ? n : SKIP;
}

/** LLVMFuzzerCustomCrossOver of the input with another corpus input. */
export function customCrossOver(s: MutationState): number {
  const other = s.otherInput();
  if (!s.native || !other) return SKIP;
  const n = s.native.customCrossOver(other, s.size, s.maxSize, s.rng.next());
  return n > 0 ? n : SKIP;
}
