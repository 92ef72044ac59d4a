/** The merge control file as libFuzzer's Merger parses it, and the two ways of choosing inputs. */
import { describe, expect, test } from "bun:test";
import { controlFileHeader, greedyMerge, parseControlFile, setCoverMerge } from "../../src/runner/mergeControl.ts";

const header = controlFileHeader([], ["/t/1", "/t/2", "/t/3"]);

describe("parsing (the cases of LLVM's merge-control-file.test)", () => {
  test("junk, or fewer paths than the count, is not a control file", () => {
    expect(parseControlFile("JUNK\n", false)).toBeUndefined();
    expect(parseControlFile("3\n0\n/t/1\n", false)).toBeUndefined();
    expect(parseControlFile("3\n4\n/t/1\n/t/2\n/t/3\n", false)).toBeUndefined(); // more in the first corpus than in all
    expect(parseControlFile(`${header}STARTED 1 5\n`, false)).toBeUndefined(); // markers out of order
    expect(parseControlFile(`${header}FT 0 1 2\n`, false)).toBeUndefined(); // FT without STARTED
  });
  test("the first input not started, and the one that killed its worker", () => {
    expect(parseControlFile(header, false)!.firstNotProcessed).toBe(0);
    const two = parseControlFile(`${header}STARTED 0 1\nFT 0 11\nSTARTED 1 2\nFT 1 12\n`, true)!;
    expect([two.firstNotProcessed, two.lastFailure]).toEqual([2, undefined]);
    expect(two.files[1]).toEqual({ name: "/t/2", size: 2, features: [12], cov: [] });
    const crashed = parseControlFile(`${header}STARTED 0 1\nFT 0 11\nCOV 0 4\nSTARTED 1 2\n`, true)!;
    expect([crashed.firstNotProcessed, crashed.lastFailure]).toEqual([2, "/t/2"]);
    expect(crashed.files[0]!.cov).toEqual([4]);
  });
});

describe("choosing", () => {
  // out/a is in the output corpus; the others are candidates.
  const text = controlFileHeader(["/out/a"], ["/in/b", "/in/c", "/in/d", "/in/e"]) + [
    "STARTED 0 4", "FT 0 1 2", "COV 0 1",
    "STARTED 1 9", "FT 1 2 3 4 5", "COV 1 2 3",
    "STARTED 2 2", "FT 2 3", "COV 2",
    "STARTED 3 3", "FT 3 4", "COV 3",
    "STARTED 4 5", "FT 4 1 2", "COV 4",
  ].map((l) => `${l}\n`).join("");
  test("-merge=1: smallest first, kept when it adds a feature the output corpus and earlier picks lack", () => {
    const r = greedyMerge(parseControlFile(text, true)!);
    expect(r.newFiles).toEqual(["/in/c", "/in/d", "/in/b"]);
    expect(r.newFeatures).toBe(3); // 3, 4, 5
    expect(r.newCov).toBe(2); // edges 2, 3 first covered by candidates
  });
  test("-set_cover_merge=1: most new features first", () => {
    const r = setCoverMerge(parseControlFile(text, true)!);
    expect(r.newFiles).toEqual(["/in/b"]);
    expect(r.newFeatures).toBe(3);
  });
});
