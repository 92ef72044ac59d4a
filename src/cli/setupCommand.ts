import { existsSync, renameSync, rmSync } from "node:fs";
import { findZig, ZIG_VERSION, zigSetupDir } from "../build/toolchain.ts";
import { EngineError } from "../findings/errors.ts";
import { writeStderr } from "../util/stderr.ts";

/**
 * `bunfuzz setup`: installs Zig for the builds that need a compiler (`bunfuzz build`,
 * `nativeLibrary({ c | zig })`; fuzzing JS/TS and prebuilt .so targets needs none). Zig comes from
 * PyPI's `ziglang` package, the one registry that carries a current Zig, installed with
 * `pip install --target` into bunfuzz's cache folder (zigSetupDir), where the toolchain lookup finds
 * it: nothing goes into the system's Python, so Python installs that refuse system-wide pip
 * installs (PEP 668) work too. Does nothing when a Zig is already found.
 */
export async function setupCommand(argv: string[]): Promise<number> {
  if (argv.length > 0) throw new EngineError("usage", `bunfuzz setup takes no arguments (got ${argv.join(" ")})`);
  const found = findZig();
  if (found) {
    writeStderr(`bunfuzz setup: Zig is already installed (${found.join(" ")}); nothing to do\n`);
    return 0;
  }
  const python = Bun.which("python3");
  if (!python) throw new EngineError("toolchain", "bunfuzz setup installs Zig with pip, and python3 was not found: install Python 3 with pip, or install Zig yourself and put zig on PATH");
  const dir = zigSetupDir();
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const argvPip = [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-deps", "--target", tmp, `ziglang==${ZIG_VERSION}`];
  writeStderr(`bunfuzz setup: ${argvPip.join(" ")}\n`);
  const r = Bun.spawnSync(argvPip, { stdout: "inherit", stderr: "inherit" });
  if (r.exitCode !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new EngineError("toolchain", `pip failed (exit ${r.exitCode}) installing ziglang==${ZIG_VERSION}: install pip (Debian: apt-get install python3-pip), or install Zig yourself and put zig on PATH`);
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // an earlier setup's, whose zig no longer runs
  renameSync(tmp, dir);
  writeStderr(`bunfuzz setup: Zig ${ZIG_VERSION} is in ${dir}\n`);
  return 0;
}
