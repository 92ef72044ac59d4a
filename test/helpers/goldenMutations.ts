import { Dispatcher } from "../../src/mutators/dispatch.ts";
import { MUTATORS } from "../../src/mutators/table.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";
import { intPair, stateFor } from "./mutation.ts";

/**
 * The first `n` stacked mutations of "hello, world 123" at seed 7 with every built-in mutator on,
 * as "Name hex" lines: what the golden test freezes.
 */
export function firstMutations(n: number): string[] {
  const rng = new Xoshiro128(7);
  const s = stateFor("hello, world 123", rng, {
    capacity: 64, maxSize: 48, other: new TextEncoder().encode("{\"k\": [1, 2]}"),
    pairs: [intPair(0x6c6c6568, 0x41424344, 4)], dict: ["key", "\x00\xff"],
  });
  const d = new Dispatcher(MUTATORS, (r) => r.group === "bytes" || r.group === "cmp");
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    s.size = d.mutate(s);
    out.push(`${MUTATORS[d.lastId]?.name ?? "(fallback)"} ${Buffer.from(s.data.subarray(0, s.size)).toString("hex")}`);
  }
  return out;
}

if (import.meta.main) console.log(JSON.stringify(firstMutations(Number(process.argv[2] ?? 24)), null, 2));
