import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EngineError } from "../../src/findings/errors.ts";
import { parseSeries, readTargetSpec, treeName, type SourcePackage } from "../../targets/build/sources.ts";

const UP = "a".repeat(64);
const DEB = "b".repeat(64);

function expectEngineError(f: () => unknown, kind: string, want: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).kind).toBe(kind as EngineError["kind"]);
    expect((e as Error).message).toMatch(want);
    return;
  }
  throw new Error("no error thrown");
}

describe("quilt series files", () => {
  test("order, blank lines, comments, -pN", () => {
    const text = [
      "# leading comment",
      "first.patch",
      "",
      "   ",
      "#disabled.patch",
      "  second.patch   -p0  ",
      "sub/dir/third.patch -p2 # trailing comment",
      "fourth.patch\t-p1",
      "with#hash.patch",
      "last.patch",
    ].join("\r\n");
    expect(parseSeries(text, "s")).toEqual([
      { patch: "first.patch", strip: 1 },
      { patch: "second.patch", strip: 0 },
      { patch: "sub/dir/third.patch", strip: 2 },
      { patch: "fourth.patch", strip: 1 },
      { patch: "with#hash.patch", strip: 1 },
      { patch: "last.patch", strip: 1 },
    ]);
  });
  test("empty or comment-only series applies nothing", () => {
    expect(parseSeries("", "s")).toEqual([]);
    expect(parseSeries("# nothing\n\n#x.patch\n", "s")).toEqual([]);
  });
  test("the libpng1.6 1.6.39-2+deb12u5 series shape (a disabled patch)", () => {
    const got = parseSeries("libpng-config.patch\n#libpng-1.6.39-apng.patch\nCVE-2025-64505.patch\n", "s");
    expect(got.map((e) => e.patch)).toEqual(["libpng-config.patch", "CVE-2025-64505.patch"]);
  });
  const bad: [string, RegExp][] = [
    ["ok.patch\nx.patch -R", /s:2: unsupported option "-R" for x\.patch/],
    ["x.patch -p", /s:1: unsupported option "-p"/],
    ["x.patch -pab", /s:1: unsupported option/],
    ["../escape.patch", /s:1: patch "\.\.\/escape\.patch" is outside debian\/patches/],
    ["a/../../b.patch", /s:1: .*outside/],
    ["/etc/passwd", /s:1: .*outside/],
  ];
  for (const [text, want] of bad) {
    test(`rejects ${JSON.stringify(text)}`, () => expectEngineError(() => parseSeries(text, "s"), "toolchain", want));
  }
});

describe("tree cache key", () => {
  const base: SourcePackage = { package: "cjson", version: "1.7.15-1+deb12u4", sha256: UP, files: ["cJSON.c"], includeDirs: ["."], prepare: [] };
  test("without a Debian tarball: upstream version in the name, key unchanged by the revision", () => {
    const n = treeName(base);
    expect(n).toMatch(/^cjson-1\.7\.15-[0-9a-f]{12}$/);
    expect(treeName({ ...base, version: "1.7.15-1+deb12u5" })).toBe(n);
  });
  test("unchanged for packages without a Debian tarball (existing cached trees stay valid)", () => {
    const libyaml = { package: "libyaml", version: "0.2.5-1", sha256: "fa240dbf262be053f3898006d502d514936c818e422afdcf33921c63bed9bf2e", prepare: [] };
    expect(treeName(libyaml)).toBe("libyaml-0.2.5-2fb94ff76abf");
  });
  test("pinning, then changing, the Debian tarball changes the key", () => {
    const plain = treeName(base);
    const a = treeName({ ...base, debian: { sha256: DEB } });
    const b = treeName({ ...base, debian: { sha256: "c".repeat(64) } });
    expect(a).toMatch(/^cjson-1\.7\.15-1\+deb12u4-[0-9a-f]{12}$/);
    expect(new Set([plain, a, b]).size).toBe(3);
    expect(a.slice(-12)).not.toBe(b.slice(-12));
  });
  test("upstream sha256 and prepare steps still change it; the epoch is dropped", () => {
    const a = treeName({ ...base, debian: { sha256: DEB } });
    expect(treeName({ ...base, sha256: "d".repeat(64), debian: { sha256: DEB } })).not.toBe(a);
    expect(treeName({ ...base, debian: { sha256: DEB }, prepare: [{ write: "x.h", content: "" }] })).not.toBe(a);
    expect(treeName({ ...base, package: "zlib", version: "1:1.2.13.dfsg-1", debian: { sha256: DEB } })).toMatch(/^zlib-1\.2\.13\.dfsg-1-/);
    expect(treeName({ ...base, package: "zlib", version: "1:1.2.13.dfsg-1" })).toMatch(/^zlib-1\.2\.13\.dfsg-[0-9a-f]{12}$/);
  });
});

describe("target.json \"debian\" field", () => {
  const root = mkdtempSync(join(tmpdir(), "bunfuzz-sources-test-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const target = (entry: Record<string, unknown>): string => {
    const dir = join(root, `t${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "fuzz.c"), "");
    const src = { package: "cjson", version: "1.7.15-1+deb12u4", sha256: UP, files: ["cJSON.c"], ...entry };
    writeFileSync(join(dir, "target.json"), JSON.stringify({ sources: [src] }));
    return dir;
  };
  test("optional: absent stays absent", () => {
    const s = readTargetSpec(target({})).sources[0]!;
    expect(s.debian).toBeUndefined();
    expect("debian" in s).toBe(false);
  });
  test("accepted and lower-cased", () => {
    expect(readTargetSpec(target({ debian: { sha256: DEB.toUpperCase() } })).sources[0]!.debian).toEqual({ sha256: DEB });
  });
  const bad: [unknown, RegExp, Record<string, unknown>?][] = [
    ["b".repeat(64), /"sources\[0\]\.debian" must be an object/],
    [[DEB], /"sources\[0\]\.debian" must be an object/],
    [{}, /"sources\[0\]\.debian\.sha256" must be a non-empty string/],
    [{ sha256: "abc" }, /"sources\[0\]\.debian\.sha256" must be 64 hex digits/],
    [{ sha256: DEB, url: "x" }, /unknown key "url"/],
    [{ sha256: UP }, /equals "sources\[0\]\.sha256"/],
    [{ sha256: DEB }, /"sources\[0\]\.version" must carry a Debian revision/, { version: "1.7.15" }],
  ];
  for (const [debian, want, extra] of bad) {
    test(`rejects ${JSON.stringify(debian).replace(/([0-9a-f])\1{63}/gi, "$1…")}${extra ? ` with ${JSON.stringify(extra)}` : ""}`, () =>
      expectEngineError(() => readTargetSpec(target({ debian, ...extra })), "input", want));
  }
});
