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
import type { MutatorRow } from "./types.ts";
import { customCrossOver, customMutator } from "./custom.ts";
import { manualDict, persAutoDict } from "./words.ts";
import { SMITH_MUTATORS } from "../smith/mutate/rows.ts";

export const MUTATORS: readonly MutatorRow[] = [
  { name: "ShuffleBytes", weight: 1, fn: shuffleBytes },
  { name: "EraseBytes", weight: 1, fn: eraseBytes },
  { name: "InsertByte", weight: 1, fn: insertByte },
  { name: "InsertRepeatedBytes", weight: 1, fn: insertRepeatedBytes },
  { name: "ChangeByte", weight: 1, fn: changeByte },
  { name: "ChangeBit", weight: 1, fn: changeBit },
  { name: "CopyPart", weight: 1, fn: copyPart },
  { name: "ChangeASCIIInt", weight: 1, fn: changeASCIIInteger },
  { name: "ChangeBinInt", weight: 1, fn: changeBinaryInteger },
  { name: "CrossOver", weight: 1, fn: crossOver },
  { name: "ManualDict", weight: 1, fn: manualDict },
  { name: "PersAutoDict", weight: 1, fn: persAutoDict },
  { name: "CMP", weight: 1, fn: compareOperand },
  // A target's own hooks. When it defines LLVMFuzzerCustomMutator, libFuzzer uses only these two;
  // otherwise they skip (see isCustomRow and the worker's choice of enabled rows).
  { name: "Custom", weight: 1, fn: customMutator },
  { name: "CustomCrossOver", weight: 1, fn: customCrossOver },
  // Value-level mutations of Smith inputs (src/smith): enabled for harnesses that read a Smith.
  ...SMITH_MUTATORS,
];

/** Whether a row mutates Smith records (only useful, and only enabled, for Smith harnesses). */
export function isSmithRow(row: MutatorRow): boolean {
  return row.name.startsWith("Smith");
}

/** Whether a row is one of the target's own hooks rather than a built-in mutator. */
export function isCustomRow(row: MutatorRow): boolean {
  return row.name === "Custom" || row.name === "CustomCrossOver";
}

export function mutatorIndex(name: string): number {
  const i = MUTATORS.findIndex((m) => m.name === name);
  if (i < 0) throw new Error(`no mutator named ${name}`);
  return i;
}

/** Formats a mutation sequence as libFuzzer does: `Name1-Name2-`. */
export function sequenceName(ids: ArrayLike<number>, count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += `${MUTATORS[ids[i]!]?.name ?? "?"}-`;
  return out;
}
