/**
 * native/ cross-compiles for every platform the npm package ships a shim for (src/build/platforms.ts)
 * into a library of the right format and machine: the check that keeps Linux- or glibc-only calls
 * from creeping into the shim unnoticed. glibc builds need no symbol version newer than 2.17, and
 * musl builds none at all. Builds are cached by source hash (CACHE_DIR/prebuilt), as when packing.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { buildShim } from "../../src/build/shim.ts";
import { PLATFORMS } from "../../src/build/platforms.ts";

const ELF_MACHINE = { x64: 62, arm64: 183 } as const; // e_machine: EM_X86_64, EM_AARCH64
const MACHO_CPU = { x64: 0x01000007, arm64: 0x0100000c } as const; // cputype: CPU_TYPE_X86_64, CPU_TYPE_ARM64

/** The glibc symbol versions a library asks for (GLIBC_2.x strings), highest last. */
function glibcVersions(lib: Buffer): string[] {
  const found = new Set(lib.toString("latin1").match(/GLIBC_2\.\d+(\.\d+)?/g) ?? []);
  const parts = (v: string) => v.slice("GLIBC_".length).split(".").map(Number);
  const order = (a: string, b: string) => {
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  };
  return [...found].sort(order);
}

describe("the shim cross-compiles for every packaged platform", () => {
  for (const p of PLATFORMS) {
    test(p.name, () => {
      const lib = readFileSync(buildShim(p));
      if (p.os === "linux") {
        expect(lib.readUInt32BE(0)).toBe(0x7f454c46);
        expect(lib.readUInt16LE(18)).toBe(ELF_MACHINE[p.cpu]);
        const versions = glibcVersions(lib);
        if (p.libc === "musl") expect(versions).toEqual([]);
        else expect(versions.at(-1)).toBe("GLIBC_2.17");
      } else {
        expect(lib.readUInt32LE(0)).toBe(0xfeedfacf); // MH_MAGIC_64
        expect(lib.readUInt32LE(4)).toBe(MACHO_CPU[p.cpu]);
      }
    }, 60_000);
  }
});
