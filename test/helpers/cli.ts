import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { madeDirs } from "./tempDirs.ts";

export const CLI = join(PROJECT_ROOT, "src/cli/main.ts");

export interface CliResult {
  code: number;
  stderr: string;
  stdout: string;
}

/**
 * Runs `bunfuzz <args>` to completion in `cwd` (a fresh temp dir by default); `prefix` runs it
 * under another command (setpriv, to drop root).
 */
export function bunfuzz(args: string[], cwd = tempDir(), prefix: string[] = []): CliResult & { cwd: string } {
  const r = Bun.spawnSync([...prefix, process.execPath, CLI, ...args], { cwd, stdout: "pipe", stderr: "pipe", env: { ...process.env } });
  return { code: r.exitCode ?? -1, stderr: r.stderr.toString(), stdout: r.stdout.toString(), cwd };
}

/** A fresh directory in the temporary folder, removed after the run's last test (tempDirs.ts). */
export function tempDir(prefix = "bunfuzz-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** Files in dir whose names start with prefix. */
export function filesWithPrefix(dir: string, prefix: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith(prefix)).map((f) => join(dir, f));
}

export function read(path: string): Uint8Array {
  return readFileSync(path);
}
