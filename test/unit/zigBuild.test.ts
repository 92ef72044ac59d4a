/**
 * The Zig target builder (src/build/zig.ts) on targets/zig/json: both instrumentation kinds leave
 * the SanitizerCoverage callbacks undefined for the shim, export the two entry points, carry a
 * plausible number of counters, and bundle no fuzzer runtime. Symbols are read from the ELF bytes
 * (no nm needed). The shim is not loaded in this process (shim.test.ts owns that); a short,
 * seeded run of the CLI checks the default build loads and gains coverage.
 *
 * The first (uncached) build of each kind takes 30-60 s; later runs hit the cache.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildZigCached, zigBuildCommands, zigSourceFiles, type ZigCoverage } from "../../src/build/zig.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";

const TARGET = join(PROJECT_ROOT, "targets/zig/json");
const ROOT = join(TARGET, "lib.zig");
const BUILD_TIMEOUT = 300_000;

interface DynSym {
  name: string;
  defined: boolean;
  type: number; // STT_*
}

interface ElfInfo {
  dynsyms: DynSym[];
  sections: Map<string, number>; // name -> size
}

/** Minimal ELF64 little-endian reader: section sizes by name and the dynamic symbol table. */
function readElf(path: string): ElfInfo {
  const buf = readFileSync(path);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  expect([...buf.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
  expect(buf[4]).toBe(2); // ELFCLASS64
  expect(buf[5]).toBe(1); // little-endian
  const shoff = Number(dv.getBigUint64(0x28, true));
  const shentsize = dv.getUint16(0x3a, true);
  const shnum = dv.getUint16(0x3c, true);
  const shstrndx = dv.getUint16(0x3e, true);
  const sh = (i: number) => {
    const o = shoff + i * shentsize;
    return {
      name: dv.getUint32(o, true),
      type: dv.getUint32(o + 4, true),
      offset: Number(dv.getBigUint64(o + 0x18, true)),
      size: Number(dv.getBigUint64(o + 0x20, true)),
      link: dv.getUint32(o + 0x28, true),
      entsize: Number(dv.getBigUint64(o + 0x38, true)),
    };
  };
  const cstr = (at: number): string => {
    let end = at;
    while (buf[end] !== 0) end++;
    return buf.subarray(at, end).toString("latin1");
  };
  const names = sh(shstrndx);
  const sections = new Map<string, number>();
  const dynsyms: DynSym[] = [];
  for (let i = 0; i < shnum; i++) {
    const s = sh(i);
    sections.set(cstr(names.offset + s.name), s.size);
    if (s.type !== 11) continue; // SHT_DYNSYM
    const strtab = sh(s.link);
    for (let o = s.offset + s.entsize; o < s.offset + s.size; o += s.entsize) {
      dynsyms.push({
        name: cstr(strtab.offset + dv.getUint32(o, true)),
        type: dv.getUint8(o + 4) & 0xf,
        defined: dv.getUint16(o + 6, true) !== 0, // st_shndx != SHN_UNDEF
      });
    }
  }
  return { dynsyms, sections };
}

function undefinedNames(e: ElfInfo): string[] {
  return e.dynsyms.filter((s) => !s.defined).map((s) => s.name).sort();
}

function definedNames(e: ElfInfo): string[] {
  return e.dynsyms.filter((s) => s.defined).map((s) => s.name).sort();
}

function checkCommon(e: ElfInfo): void {
  const defined = definedNames(e);
  // Both entry points, as functions (STT_FUNC = 2).
  for (const f of ["LLVMFuzzerTestOneInput", "zig_json_check"]) {
    expect(e.dynsyms.find((s) => s.name === f && s.defined)?.type).toBe(2);
  }
  // No bundled runtime: nothing coverage-related is defined here (it would shadow the shim), and
  // none of Zig's own fuzzer (lib/fuzzer.zig) is linked in.
  expect(defined.filter((n) => n.startsWith("__sanitizer_") || n.startsWith("__sancov_") || n.startsWith("fuzzer_"))).toEqual([]);
  // Everything undefined is the shim's, the dynamic loader's or libc's.
  for (const n of undefinedNames(e)) expect(n).toMatch(/^(__sanitizer_cov_\w+|__sancov_lowest_stack|__tls_get_addr|getauxval)$/);
}

const cases: { coverage: ZigCoverage; callbacks: string[]; section: string; entry: number }[] = [
  {
    coverage: "pc-guard",
    callbacks: ["__sancov_lowest_stack", "__sanitizer_cov_trace_pc_guard", "__sanitizer_cov_trace_pc_guard_init"],
    section: "__sancov_guards",
    entry: 4,
  },
  { coverage: "inline", callbacks: ["__sancov_lowest_stack", "__sanitizer_cov_8bit_counters_init"], section: "__sancov_cntrs", entry: 1 },
];

describe("zig build plumbing", () => {
  test("zigSourceFiles follows local @import/@embedFile, skips packages", () => {
    const d = tempDir("bunfuzz-zigsrc-");
    mkdirSync(join(d, "sub"));
    writeFileSync(join(d, "root.zig"), 'const std = @import("std");\nconst a = @import("sub/a.zig");\nconst t = @embedFile("data.txt");\n');
    writeFileSync(join(d, "sub/a.zig"), 'const b = @import( "../b.zig" );\nconst r = @import("../root.zig");\n');
    writeFileSync(join(d, "b.zig"), "pub const x = 1;\n");
    writeFileSync(join(d, "data.txt"), "hello");
    writeFileSync(join(d, "unrelated.zig"), "pub const y = 2;\n");
    expect(zigSourceFiles(join(d, "root.zig"))).toEqual(["b.zig", "data.txt", "root.zig", "sub/a.zig"].map((f) => join(d, f)).sort());
  });

  test("commands: LLVM backend, coverage flag, no -ffuzz at link time", () => {
    const guard = zigBuildCommands("/x/json/lib.zig", "/o/lib.so", { objDir: "/o/d", register: "/o/d/r.zig" });
    expect(guard.length).toBe(1);
    expect(guard[0]).toContain("-fllvm");
    expect(guard[0]).toContain("-fsanitize-coverage-trace-pc-guard");
    expect(guard[0]!.join(" ")).toContain("--name json ");
    const inline = zigBuildCommands("/x/json/lib.zig", "/o/lib.so", { coverage: "inline", objDir: "/o/d", register: "/o/d/r.zig" });
    expect(inline.map((a) => a.includes("-ffuzz"))).toEqual([true, false]);
    expect(inline[0]).toContain("build-obj");
    expect(inline[1]).toContain("/o/d/r.zig");
  });
});

describe("buildZigCached (targets/zig/json)", () => {
  for (const c of cases) {
    test(
      `${c.coverage}: coverage callbacks undefined, entry points exported, thousands of counters`,
      () => {
        const so = buildZigCached(ROOT, { coverage: c.coverage, quiet: true });
        expect(so).toMatch(new RegExp(`/targets/zig/json-${c.coverage}-[0-9a-f]{12}\\.so$`));
        const e = readElf(so);
        const undef = undefinedNames(e);
        for (const cb of c.callbacks) expect(undef).toContain(cb);
        checkCommon(e);
        const counters = (e.sections.get(c.section) ?? 0) / c.entry;
        expect(counters).toBeGreaterThan(2000); // std.json, std.fmt, std.Io.Writer... (about 10-17k)
        // Cached: the same inputs give the same file, untouched.
        const mtime = statSync(so).mtimeMs;
        expect(buildZigCached(ROOT, { coverage: c.coverage, quiet: true })).toBe(so);
        expect(statSync(so).mtimeMs).toBe(mtime);
      },
      BUILD_TIMEOUT,
    );
  }

  test(
    "the default build loads in the worker and gains coverage (seeded, 3000 runs)",
    () => {
      const so = buildZigCached(ROOT, { quiet: true });
      const corpus = tempDir("bunfuzz-zig-");
      const r = bunfuzz(["fuzz", so, corpus, join(TARGET, "seeds"), "-runs=3000", "-seed=1"]);
      expect(r.code).toBe(0);
      const cov = [...r.stderr.matchAll(/ cov: (\d+) ft: (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
      expect(cov.length).toBeGreaterThan(1);
      const [firstCov] = cov[0]!;
      const [lastCov, lastFt] = cov[cov.length - 1]!;
      expect(lastCov).toBeGreaterThan(200);
      expect(lastCov).toBeGreaterThan(firstCov); // the seeds alone reach less than 3000 mutants do
      expect(lastFt).toBeGreaterThan(lastCov);
    },
    BUILD_TIMEOUT,
  );
});
