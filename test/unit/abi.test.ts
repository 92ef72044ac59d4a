/**
 * native/shim.h is the one source of the ABI: the compiler checks its layout rows against the structs,
 * and the engine compares its own table with the rows the built shim exports (bf_layout) whenever a
 * shim is opened. These tests hold both halves to account.
 */
import { expect, test } from "bun:test";
import { dlopen, FFIType, CString, type Pointer } from "bun:ffi";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { shimLibrary } from "../../src/build/shim.ts";
import { runBuild, zigCC } from "../../src/build/toolchain.ts";
import { engineLayout, layoutDifference, parseLayout } from "../../src/coverage/abi.ts";
import { Shim } from "../../src/coverage/ffi.ts";
import { NATIVE_DIR } from "../../src/util/paths.ts";
import { tempDir } from "../helpers/cli.ts";

function shimRows(lib: string): Map<string, number> {
  const l = dlopen(lib, { bf_layout: { args: [], returns: FFIType.ptr } });
  try {
    return parseLayout(new CString(l.symbols.bf_layout() as Pointer).toString());
  } finally {
    l.close();
  }
}

test("the built shim's layout rows equal the engine's table, row for row", () => {
  const rows = shimRows(shimLibrary());
  expect(rows.size).toBe(engineLayout().size);
  expect(layoutDifference(rows)).toBeUndefined();
});

test("a difference is named by its row, both ways", () => {
  const rows = new Map(engineLayout());
  rows.set("hdr.exec_count", 32);
  expect(layoutDifference(rows)).toBe("hdr.exec_count is 32 in the shim and 24 in the engine");
  rows.delete("hdr.exec_count");
  expect(layoutDifference(rows)).toBe("hdr.exec_count is missing from the shim (the engine has 24)");
  const extra = new Map(engineLayout()).set("hdr.new_field", 176);
  expect(layoutDifference(extra)).toBe("hdr.new_field (176) is in the shim but not in the engine");
});

test("the compiler refuses a header whose struct no longer matches its stated offsets", () => {
  const dir = tempDir();
  for (const f of ["shim.h", "internal.h", "layout.c"]) writeFileSync(join(dir, f), readFileSync(join(NATIVE_DIR, f)));
  // Move a field: the stated offset of everything after it is now wrong.
  const h = readFileSync(join(dir, "shim.h"), "utf8").replace("uint32_t in_target;", "uint64_t in_target;");
  writeFileSync(join(dir, "shim.h"), h);
  expect(() => runBuild([...zigCC(), "-fsyntax-only", join(dir, "layout.c")], { quiet: true, what: "layout.c" })).toThrow(/hdr\.crash_kind is not at offset 36/);
}, 60_000);

test("opening a shim whose layout differs is an error naming the row", () => {
  const dir = tempDir();
  mkdirSync(join(dir, "native"));
  const sources = readdirSync(NATIVE_DIR).filter((f) => /\.[ch]$/.test(f)); // every file the shim is built from
  for (const f of sources) writeFileSync(join(dir, "native", f), readFileSync(join(NATIVE_DIR, f)));
  // Same structs, but the exported row disagrees with the engine (as a shim from other sources would).
  const layout = readFileSync(join(dir, "native/layout.c"), "utf8").replace("return text;", "text[0] = 'H'; return text;");
  writeFileSync(join(dir, "native/layout.c"), layout);
  const lib = join(dir, "libshim.so");
  runBuild([...zigCC(), "-shared", "-fPIC", "-O1", ...sources.filter((f) => f.endsWith(".c")).map((f) => join(dir, "native", f)), "-o", lib, "-lpthread"], { quiet: true, what: "shim" });
  expect(() => new Shim(lib, join(dir, "shm"), 64, 0, 0)).toThrow(/does not match the engine .*hdr\.magic is missing from the shim/);
}, 60_000);
