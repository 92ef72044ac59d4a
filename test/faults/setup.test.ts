/**
 * A bad set-up is a one-line error that names the thing and the fix, with its own exit code, and
 * never an "internal error" stack trace: read-only, full or unreadable corpus directories, a
 * dictionary that is a directory, flag values out of range, a truncated shared object, one for
 * another machine, one whose constructors crash; and error lines that echo a user's file escape
 * the control bytes in it.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileShared, DEFAULT_INSTRUMENT } from "../../src/build/compile.ts";
import { zigCC } from "../../src/build/toolchain.ts";
import { ENGINE_EXIT } from "../../src/findings/errors.ts";
import { sha1Hex } from "../../src/util/sha1.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";
import { CAN_DENY, CAN_FILL, cleanupMounts, readOnly, tinyFs, unreadable, visible, WAY, workDir } from "./fsFaults.ts";

afterAll(cleanupMounts);

/** The one `bunfuzz: error:` line, with no stack trace and no internal error around it. */
function oneLineError(stderr: string): string {
  const lines = stderr.trim().split("\n").filter((l) => l.startsWith("bunfuzz: error:"));
  expect(lines).toHaveLength(1);
  expect(stderr).not.toContain("    at ");
  expect(stderr).not.toContain("internal error");
  return lines[0]!;
}

describe("corpus directories", () => {
  test.skipIf(!WAY)(`read-only output corpus (${WAY}): exit ${ENGINE_EXIT.io}, names the directory`, () => {
    const dir = workDir();
    const corpus = join(dir, "corpus");
    mkdirSync(corpus);
    writeFileSync(join(corpus, "seed"), "abc");
    const prefix = readOnly(corpus);
    const r = bunfuzz(["fuzz", planted("many_paths"), corpus, "-runs=1000"], dir, prefix);
    expect(r.code).toBe(ENGINE_EXIT.io);
    expect(oneLineError(r.stderr)).toMatch(new RegExp(`cannot write to the output corpus directory ${corpus}: .*(EROFS|EACCES)`));
  }, 60_000);

  test.skipIf(!CAN_FILL)(`full output corpus (a filled tmpfs): exit ${ENGINE_EXIT.io} before fuzzing`, () => {
    const dir = workDir();
    const corpus = tinyFs(dir, 64 * 1024, true);
    const r = bunfuzz(["fuzz", planted("many_paths"), corpus, "-runs=1000"], dir);
    expect(r.code).toBe(ENGINE_EXIT.io);
    expect(oneLineError(r.stderr)).toContain(`cannot write to the output corpus directory ${corpus}: no space left on the device (ENOSPC)`);
  }, 60_000);

  test.skipIf(!CAN_FILL)(`a corpus that fills its disk mid-run: exit ${ENGINE_EXIT.io} naming the file, every entry whole`, () => {
    const dir = workDir();
    const corpus = tinyFs(dir, 64 * 1024, false); // 16 pages: a few dozen inputs fit, then ENOSPC
    const r = bunfuzz(["fuzz", planted("many_paths"), corpus, "-seed=1", "-runs=1000000", "-max_len=256", "-len_control=0"], dir);
    expect(r.code).toBe(ENGINE_EXIT.io);
    expect(oneLineError(r.stderr)).toMatch(new RegExp(`cannot write corpus file ${corpus}/[0-9a-f]{40}: no space left on the device \\(ENOSPC\\)`));
    const names = visible(corpus);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(sha1Hex(readFileSync(join(corpus, name)))).toBe(name);
  }, 60_000);

  test.skipIf(!CAN_DENY)(`unreadable corpus directory: exit ${ENGINE_EXIT.input}, names it`, () => {
    const dir = workDir();
    const corpus = join(dir, "corpus");
    mkdirSync(corpus);
    writeFileSync(join(corpus, "seed"), "abc");
    const prefix = unreadable(corpus);
    const r = bunfuzz(["fuzz", planted("many_paths"), join(dir, "out"), corpus, "-runs=1000"], dir, prefix);
    expect(r.code).toBe(ENGINE_EXIT.input);
    expect(oneLineError(r.stderr)).toContain(`cannot read corpus directory ${corpus}: permission denied (EACCES)`);
  }, 60_000);
});

describe("flags and files", () => {
  test(`-dict naming a directory: exit ${ENGINE_EXIT.input}`, () => {
    const dir = tempDir();
    mkdirSync(join(dir, "words"));
    const r = bunfuzz(["fuzz", planted("many_paths"), `-dict=${join(dir, "words")}`, "-runs=10"], dir);
    expect(r.code).toBe(ENGINE_EXIT.input);
    expect(oneLineError(r.stderr)).toContain("is a directory: give a dictionary file");
  });

  for (const [flag, range] of [["-max_len=100000000000", "[0, 1073741824]"], ["-max_len=4294967296", "[0, 1073741824]"], ["-timeout=4294968", "[0, 4294967]"]] as const) {
    test(`${flag}: exit ${ENGINE_EXIT.usage}, names the flag, the value and the range`, () => {
      const r = bunfuzz(["fuzz", planted("many_paths"), flag, "-runs=10"]);
      expect(r.code).toBe(ENGINE_EXIT.usage);
      const line = oneLineError(r.stderr);
      expect(line).toContain(flag);
      expect(line).toContain(range);
    });
  }

  test(`a truncated shared object: exit ${ENGINE_EXIT.target}, says so before loading it`, () => {
    const dir = tempDir();
    const whole = readFileSync(planted("many_paths"));
    const cut = join(dir, "cut.so");
    writeFileSync(cut, whole.subarray(0, whole.length - 100));
    const r = bunfuzz(["fuzz", cut, "-runs=10"], dir);
    expect(r.code).toBe(ENGINE_EXIT.target);
    expect(oneLineError(r.stderr)).toContain(`${cut} is truncated: its headers describe ${whole.length} bytes, the file has ${whole.length - 100}`);
  });

  test(`a shared object for another machine: exit ${ENGINE_EXIT.target}, names both machines`, () => {
    const dir = tempDir();
    const other = process.arch === "arm64" ? "x86_64-linux-gnu" : "aarch64-linux-gnu";
    const so = join(dir, "other.so");
    const built = Bun.spawnSync([...zigCC(), "-target", other, "-shared", "-fPIC", "-fsanitize-coverage=inline-8bit-counters", join(import.meta.dir, "../../targets/planted/null_write.c"), "-o", so]);
    expect(built.exitCode).toBe(0);
    const r = bunfuzz(["fuzz", so, "-runs=10"], dir);
    expect(r.code).toBe(ENGINE_EXIT.target);
    expect(oneLineError(r.stderr)).toMatch(/is built for (AArch64 \(arm64\)|x86-64), and this machine is (x86-64|AArch64 \(arm64\))/);
  }, 60_000);

  test(`a shared object whose constructor crashes: exit ${ENGINE_EXIT.target}, not Bun's crash banner`, () => {
    const dir = tempDir();
    const src = join(dir, "ctor.c");
    writeFileSync(src, "#include <stddef.h>\n#include <stdint.h>\n__attribute__((constructor)) static void boom(void) { *(volatile int *)0 = 1; }\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return d && n > 1000 ? 1 : 0; }\n");
    const so = compileShared([src], join(dir, "ctor.so"), DEFAULT_INSTRUMENT, { quiet: true });
    const r = bunfuzz(["fuzz", so, "-runs=10"], dir);
    expect(r.code).toBe(ENGINE_EXIT.target);
    expect(r.stderr).toContain("deadly signal while loading the target");
    expect(oneLineError(r.stderr)).toContain(`${so} crashed while loading, before any input ran`);
    expect(r.stderr).not.toContain("Bun has crashed");
  }, 60_000);
});

describe("error lines echo user input with control bytes escaped", () => {
  test("a dictionary line with a terminal escape sequence", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.dict"), 'ok="a"\n\x1b[2J\x1b[31mgotcha\r\n');
    const r = bunfuzz(["fuzz", planted("many_paths"), `-dict=${join(dir, "bad.dict")}`, "-runs=10"], dir);
    expect(r.code).toBe(ENGINE_EXIT.input);
    const line = oneLineError(r.stderr);
    expect(line).toContain("bad.dict:2");
    expect(line).toContain("\\x1b[2J\\x1b[31mgotcha");
    expect(r.stderr).not.toContain("\x1b");
  });

  test("a .options line with control bytes", () => {
    const dir = tempDir();
    const so = join(dir, "t.so");
    writeFileSync(so, readFileSync(planted("many_paths")));
    writeFileSync(join(dir, "t.options"), "[libfuzzer]\nruns = 10\n\x1b]0;title\x07 oops\n");
    const r = bunfuzz(["fuzz", so], dir);
    expect(r.code).toBe(ENGINE_EXIT.input);
    const line = oneLineError(r.stderr);
    expect(line).toContain("t.options:3");
    expect(line).toContain("\\x1b]0;title\\x07 oops");
    expect(r.stderr).not.toMatch(/[\x07\x1b]/);
  });

  test("a flag value with control bytes", () => {
    const r = bunfuzz(["fuzz", planted("many_paths"), "-runs=1\x1b[0m"]);
    expect(r.code).toBe(ENGINE_EXIT.usage);
    expect(oneLineError(r.stderr)).toContain("-runs=1\\x1b[0m");
    expect(r.stderr).not.toContain("\x1b");
  });
});
