import { existsSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { CACHE_DIR, INSTALLED } from "../util/paths.ts";
import { writeStderr } from "../util/stderr.ts";

/** The Zig that `bunfuzz setup` and `npm run setup` install (PyPI's `ziglang`, the current Zig; npm's is 0.11). */
export const ZIG_VERSION = "0.17.1";

/** Where `bunfuzz setup` puts Zig: `pip install --target` this folder; the binary is ziglang/zig in it. */
export function zigSetupDir(): string {
  return join(CACHE_DIR, "zig", ZIG_VERSION);
}

/** The one command that installs Zig for this copy of bunfuzz: the checkout's set-up, or the installed package's. */
export function zigInstallCommand(): string {
  return INSTALLED ? "bunx bunfuzz setup" : "npm run setup";
}

/**
 * The one command that installs Debian packages bunfuzz needs for a build (clang-14, its runtimes,
 * patch): the checkout's set-up installs them all; an installed package names apt-get.
 */
export function aptSetupCommand(packages: string[]): string {
  return INSTALLED ? `apt-get install ${packages.join(" ")}` : "npm run setup";
}

let cachedZig: string[] | null | undefined;

function works(cmd: string[]): boolean {
  try {
    const r = Bun.spawnSync([...cmd, "version"], { stdout: "pipe", stderr: "pipe" });
    return r.exitCode === 0;
  } catch {
    return false;
  }
}

/**
 * The command prefix that runs Zig, or undefined: $BUNFUZZ_ZIG (split on spaces), `zig` on PATH,
 * the Zig `bunfuzz setup` installed, or the PyPI package (`python3 -m ziglang`, which `npm run
 * setup` installs). Looked up once per process.
 */
export function findZig(): string[] | undefined {
  if (cachedZig !== undefined) return cachedZig ?? undefined;
  const candidates: string[][] = [];
  if (process.env.BUNFUZZ_ZIG) candidates.push(process.env.BUNFUZZ_ZIG.split(" ").filter(Boolean));
  if (Bun.which("zig")) candidates.push(["zig"]);
  const own = join(zigSetupDir(), "ziglang", "zig");
  if (existsSync(own)) candidates.push([own]);
  if (Bun.which("python3")) candidates.push(["python3", "-m", "ziglang"]);
  cachedZig = candidates.find(works) ?? null;
  return cachedZig ?? undefined;
}

const ZIG_PLACES = "$BUNFUZZ_ZIG, zig on PATH, bunfuzz setup's, python3 -m ziglang";

/** The command prefix that runs Zig; a toolchain error naming the command that installs it when there is none. */
export function zigCommand(): string[] {
  const zig = findZig();
  if (zig) return zig;
  throw new EngineError("toolchain", `Zig was not found (tried ${ZIG_PLACES}): run \`${zigInstallCommand()}\`, which installs Zig ${ZIG_VERSION} with pip`);
}

/** `zig cc` as an argv prefix. */
export function zigCC(): string[] {
  return [...zigCommand(), "cc"];
}

/** One language's compiler: Zig's driver for it, the environment variable that names another. */
const DRIVERS = {
  C: { zig: "cc", env: "CC", example: "a clang" },
  "C++": { zig: "c++", env: "CXX", example: "a clang++" },
} as const;

function compiler(lang: keyof typeof DRIVERS, what: string): string[] {
  const d = DRIVERS[lang];
  const zig = findZig();
  if (zig) return [...zig, d.zig];
  const named = process.env[d.env]?.trim();
  if (named) return named.split(" ").filter(Boolean);
  throw new EngineError(
    "toolchain",
    `building ${what} needs a ${lang} compiler, and neither Zig (tried ${ZIG_PLACES}) nor $${d.env} is there: run \`${zigInstallCommand()}\`, which installs Zig ${ZIG_VERSION} with pip, or set ${d.env} to ${d.example}`,
  );
}

/**
 * The C compiler for building `what`: `zig cc`, or where Zig is absent the compiler named by $CC
 * (split on spaces). Any C compiler builds the shim; instrumented targets need clang's
 * -fsanitize-coverage, which zig cc and clang have and gcc lacks.
 */
export function cCompiler(what: string): string[] {
  return compiler("C", what);
}

/**
 * The C++ compiler for building `what`: `zig c++` (libc++ comes with Zig and is linked into the
 * object; the first build compiles it once into Zig's cache, a minute or more), or where Zig is
 * absent the compiler named by $CXX.
 */
export function cxxCompiler(what: string): string[] {
  return compiler("C++", what);
}

/** Runs a build command, echoing it first; a failure is a toolchain error naming the command. */
export function runBuild(argv: string[], opts: { quiet?: boolean; what: string }): void {
  if (!opts.quiet) writeStderr(`${argv.map(shellQuote).join(" ")}\n`);
  const r = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) {
    const out = (r.stderr.toString() + r.stdout.toString()).trim().split("\n").slice(0, 12).join("\n  ");
    throw new EngineError("toolchain", `building ${opts.what} failed (exit ${r.exitCode}):\n  ${out}`);
  }
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
