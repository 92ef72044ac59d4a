import type { Dispatcher } from "../mutators/dispatch.ts";
import type { MutationState } from "../mutators/types.ts";

/**
 * LLVMFuzzerMutate for custom mutators: one default mutation on a buffer the target owns. It
 * borrows the engine's mutation state (RNG, dictionaries, compare log, corpus) and swaps in the
 * target's buffer for the duration of the call; the mutation log is not touched.
 */
export function llvmFuzzerMutate(dispatcher: Dispatcher, engineState: MutationState): (data: Uint8Array, size: number) => number {
  const state: MutationState = { ...engineState, native: undefined };
  return (data, size) => {
    if (state.scratch.length < data.length) state.scratch = new Uint8Array(data.length);
    state.data = data;
    state.size = Math.min(size, data.length);
    state.maxSize = data.length;
    state.lastWordLen = 0;
    return dispatcher.mutate(state);
  };
}
