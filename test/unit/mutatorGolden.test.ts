/**
 * Golden: the first 24 mutations at a fixed seed never change silently. A change to a mutator, the
 * table order or the RNG changes what `-seed=N` reproduces; if it is intended, regenerate with
 * `bun test/helpers/goldenMutations.ts 24 > test/golden/mutations-seed7.json` and say so in the commit.
 */
import { expect, test } from "bun:test";
import golden from "../golden/mutations-seed7.json";
import { firstMutations } from "../helpers/goldenMutations.ts";

test("the first 24 mutations at seed 7 match the golden file", () => {
  expect(firstMutations(24)).toEqual(golden);
});
