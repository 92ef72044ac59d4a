import { EngineError } from "../findings/errors.ts";
import { writeStderr } from "../util/stderr.ts";

let cachedZig: string[] | undefined;

function works(cmd: string[]): boolean {
  try {
    const r = Bun.spawnSync([...cmd, "version"], { stdout: "pipe", stderr: "pipe" });
    return r.exitCode === 0;
  } catch {
    return false;
  }
}

/**
 * The command prefix that runs Zig: $BUNFUZZ_ZIG (split on spaces), `zig` on PATH, or the PyPI
 * package (`python3 -m ziglang`) that `npm run setup` installs.
 */
export function zigCommand(): string[] {
  if (cachedZig) return cachedZig;
  const candidates: string[][] = [];
  if (process.env.BUNFUZZ_ZIG) candidates.push(process.env.BUNFUZZ_ZIG.split(" ").filter(Boolean));
  if (Bun.which("zig")) candidates.push(["zig"]);
  candidates.push(["python3", "-m", "ziglang"]);
  for (const c of candidates) {
    if (works(c)) return (cachedZig = c);
  }
  throw new EngineError(
    "toolchain",
    "Zig was not found (tried $BUNFUZZ_ZIG, zig on PATH, python3 -m ziglang): run `npm run setup`, which installs it with `pip install ziglang`",
  );
}

/** `zig cc` as an argv prefix. */
export function zigCC(): string[] {
  return [...zigCommand(), "cc"];
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
