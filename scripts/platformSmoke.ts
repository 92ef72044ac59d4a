/**
 * Runs each prebuilt shim (scripts/package.ts's cross-compiled builds) where this x86-64 Linux
 * machine can, and prints a table of what ran how:
 *
 *  - linux-x64-gnu: this Bun runs scripts/platform-smoke/ffi.ts, which opens the shim through the
 *    engine's Shim (bun:ffi), records JS probe features, loads an instrumented target built for the
 *    platform and runs it, then runs the crashing input (the shim's handler exits 77);
 *  - linux-arm64-gnu: the same under qemu-user with Bun for arm64 (npm's @oven/bun-linux-aarch64 at
 *    the checkout's Bun version) and Debian's arm64 glibc (libc6-arm64-cross);
 *  - linux-x64-musl: Bun for musl needs a musl libstdc++ this machine lacks, so a small C program
 *    (platform-smoke/loader.c) does what the engine does through dlopen, under musl's own loader
 *    (Debian's musl package); a target built with stack-depth is tried too (musl refuses it);
 *  - linux-arm64-musl, darwin-x64, darwin-arm64: built only (no loader or OS to run them here).
 *
 * Usage: bun scripts/platformSmoke.ts   (needs zig; the runs need `apt-get install qemu-user
 * libc6-arm64-cross musl`, and rows whose tools are missing say so). Exit code 1 if a run failed.
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { PLATFORMS, type Platform } from "../src/build/platforms.ts";
import { zigCommand } from "../src/build/toolchain.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";
import { buildShim } from "../src/build/shim.ts";

const HERE = join(PROJECT_ROOT, "scripts", "platform-smoke");
const WORK = join(CACHE_DIR, "platform-smoke");
const ARM64_SYSROOT = "/usr/aarch64-linux-gnu";
const MUSL_LOADER = "/lib/ld-musl-x86_64.so.1";

interface Outcome {
  ranAs: string;
  result: string;
  ok: boolean;
}

function zig(args: string[]): void {
  const r = Bun.spawnSync([...zigCommand(), ...args], { stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`zig ${args.join(" ")} failed: ${r.stderr.toString()}`);
}

/** The smoke target for platform p, with or without stack-depth. */
function target(p: Platform, stackDepth: boolean): string {
  const out = join(WORK, `target-${p.name}${stackDepth ? "-depth" : ""}.so`);
  const cov = `inline-8bit-counters,pc-table,trace-cmp${stackDepth ? ",stack-depth" : ""}`;
  zig(["cc", "-target", p.zigTarget, "-shared", "-fPIC", "-O1", `-fsanitize-coverage=${cov}`, join(HERE, "target.c"), "-o", out]);
  return out;
}

/** The dynamically linked loader program for platform p. */
function loader(p: Platform): string {
  const out = join(WORK, `loader-${p.name}`);
  zig(["cc", "-target", p.zigTarget, "-dynamic", "-O1", join(HERE, "loader.c"), "-o", out]);
  return out;
}

/** Bun for linux-arm64 from npm (`npm pack`, unpacked once), at the checkout's Bun version. */
function arm64Bun(): string {
  const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies.bun!;
  const dir = join(WORK, `bun-linux-aarch64-${version}`);
  const bin = join(dir, "package", "bin", "bun");
  if (existsSync(bin)) return bin;
  const tmp = `${dir}.${process.pid}.tmp`;
  mkdirSync(tmp, { recursive: true });
  const pack = Bun.spawnSync(["npm", "pack", "--json", `@oven/bun-linux-aarch64@${version}`], { cwd: tmp, stdout: "pipe", stderr: "pipe" });
  if (pack.exitCode !== 0) throw new Error(`npm pack @oven/bun-linux-aarch64@${version}: ${pack.stderr.toString()}`);
  const [info] = JSON.parse(pack.stdout.toString()) as { filename: string }[];
  const untar = Bun.spawnSync(["tar", "xzf", info!.filename], { cwd: tmp });
  if (untar.exitCode !== 0) throw new Error(`unpacking ${info!.filename} failed`);
  renameSync(tmp, dir);
  return bin;
}

/** Runs argv; a pass is exit code 77 after the line `expect` matches. */
function crashRun(argv: string[], ranAs: string, expect: RegExp): Outcome {
  const r = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe" });
  const out = r.stdout.toString().trim();
  const ok = r.exitCode === 77 && expect.test(out) && r.stderr.toString().includes("deadly signal");
  return { ranAs, result: `${out.split("\n")[0] ?? ""}; exit ${r.exitCode}${ok ? " after the crash, as expected" : `: ${r.stderr.toString().trim().split("\n")[0]}`}`, ok };
}

function smoke(p: Platform): Outcome[] {
  const shim = buildShim(p);
  const shm = join(WORK, `shm-${p.name}`);
  const ffi = join(HERE, "ffi.ts");
  const features = /JS probes new features [1-9]\d* then 0, native target [1-9]\d* then 0/;
  if (p.name === "linux-x64-gnu") {
    return [crashRun([process.execPath, ffi, shim, target(p, true), shm], `Bun ${Bun.version} (this machine), bun:ffi`, features)];
  }
  if (p.name === "linux-arm64-gnu") {
    if (!Bun.which("qemu-aarch64") || !existsSync(ARM64_SYSROOT)) return [{ ranAs: "not run: apt-get install qemu-user libc6-arm64-cross", result: "", ok: true }];
    return [crashRun(["qemu-aarch64", "-L", ARM64_SYSROOT, arm64Bun(), ffi, shim, target(p, true), shm], `Bun ${Bun.version} for arm64 under qemu-user, bun:ffi`, features)];
  }
  if (p.name === "linux-x64-musl") {
    if (!existsSync(MUSL_LOADER)) return [{ ranAs: "not run: apt-get install musl", result: "", ok: true }];
    const load = loader(p);
    const plain = crashRun([load, shim, target(p, false), shm], "loader.c under musl's dynamic loader", /new features [1-9]\d* then 0/);
    const r = Bun.spawnSync([load, shim, target(p, true), shm], { stdout: "pipe" });
    const refused = r.exitCode === 3 && r.stdout.toString().includes("initial-exec TLS");
    return [plain, { ranAs: "the same, target built with stack-depth", result: refused ? "refused by musl (initial-exec TLS), as expected: bunfuzz build leaves stack-depth out under musl" : `exit ${r.exitCode}: ${r.stdout.toString().trim()}`, ok: refused }];
  }
  const kind = p.os === "darwin" ? "Mach-O" : "ELF";
  return [{ ranAs: "built only", result: `${kind} library of ${readFileSync(shim).length} bytes`, ok: true }];
}

function main(): number {
  mkdirSync(WORK, { recursive: true });
  console.log("| platform | ran as | result |\n| --- | --- | --- |");
  let failed = false;
  for (const p of PLATFORMS) {
    for (const o of smoke(p)) {
      failed ||= !o.ok;
      console.log(`| ${p.name} | ${o.ranAs} | ${o.ok ? "" : "FAILED: "}${o.result} |`);
    }
  }
  return failed ? 1 : 0;
}

process.exit(main());
