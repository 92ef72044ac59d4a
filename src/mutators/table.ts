/**
 * The mutator table: one row per mutator, in a fixed order. A row's index is its id in the shared
 * header's mutation log, and its name is printed verbatim in `MS:` lines (libFuzzer's names).
 * Add a mutator by adding a row; help, logs and tests come from this table.
 */
import {
  changeASCIIInteger, changeBinaryInteger, changeBit, changeByte, copyPart, eraseBytes, insertByte,
  insertRepeatedBytes, shuffleBytes,
} from "./bytes.ts";
import { compareOperand } from "./compare.ts";
import { crossOver } from "./crossover.ts";
import { SKIP, type MutatorRow } from "./types.ts";
import { customCrossOver, customMutator } from "./custom.ts";
import { manualDict, persAutoDict } from "./words.ts";
import { SMITH_MUTATORS } from "../smith/mutate/rows.ts";

export const MUTATORS: readonly MutatorRow[] = [
  { name: "ShuffleBytes", group: "bytes", weight: 1, fn: shuffleBytes },
  { name: "EraseBytes", group: "bytes", weight: 1, fn: eraseBytes },
  { name: "InsertByte", group: "bytes", weight: 1, fn: insertByte },
  { name: "InsertRepeatedBytes", group: "bytes", weight: 1, fn: insertRepeatedBytes },
  { name: "ChangeByte", group: "bytes", weight: 1, fn: changeByte },
  { name: "ChangeBit", group: "bytes", weight: 1, fn: changeBit },
  { name: "CopyPart", group: "bytes", weight: 1, fn: copyPart },
  { name: "ChangeASCIIInt", group: "bytes", weight: 1, fn: changeASCIIInteger },
  { name: "ChangeBinInt", group: "bytes", weight: 1, fn: changeBinaryInteger },
  { name: "CrossOver", group: "bytes", weight: 1, fn: crossOver },
  { name: "ManualDict", group: "bytes", weight: 1, fn: manualDict },
  { name: "PersAutoDict", group: "bytes", weight: 1, fn: persAutoDict },
  { name: "CMP", group: "cmp", weight: 1, fn: compareOperand },
  // A target's own hooks. When it defines LLVMFuzzerCustomMutator, libFuzzer uses only these two;
  // otherwise they skip (see isCustomRow and the worker's choice of enabled rows).
  { name: "Custom", group: "custom", weight: 1, fn: customMutator },
  { name: "CustomCrossOver", group: "customCrossOver", weight: 1, fn: customCrossOver },
  // Value-level mutations of Smith inputs (src/smith): enabled for harnesses that read a Smith.
  ...SMITH_MUTATORS,
  // Edits of the input-to-state stage (src/stages/inputToState.ts): logged, never chosen.
  { name: "I2S", group: "stage", weight: 0, fn: () => SKIP },
];

export function mutatorIndex(name: string): number {
  const i = MUTATORS.findIndex((m) => m.name === name);
  if (i < 0) throw new Error(`no mutator named ${name}`);
  return i;
}

/**
 * Formats a mutation sequence as libFuzzer does: `Name1-Name2-`. `ids` holds the first
 * min(count, ids.length) mutations; the rest of a longer sequence is summarised as `...(+N)-`.
 */
export function sequenceName(ids: ArrayLike<number>, count: number): string {
  let out = "";
  const n = Math.min(count, ids.length);
  for (let i = 0; i < n; i++) out += `${MUTATORS[ids[i]!]?.name ?? "?"}-`;
  return count > n ? `${out}...(+${count - n})-` : out;
}
