import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CACHE_DIR } from "../../src/util/paths.ts";

/** The PyPI package whose libFuzzer engine and stack analyzer the integration test drives (ClusterFuzzLite's). */
export const CLUSTERFUZZ_PACKAGE = "clusterfuzz==2.6.0";

/** The virtual environment, kept under the cache folder: only the first run on a machine installs it. */
const VENV = join(CACHE_DIR, "clusterfuzz-2.6.0-venv");

/** A Python that imports clusterfuzz, or why there is none (the test then skips, saying so). */
export type ClusterFuzzPython = { python: string } | { skip: string };

function imports(python: string): boolean {
  return existsSync(python) && Bun.spawnSync([python, "-c", "import clusterfuzz.fuzz"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
}

function lastLines(s: string, n = 3): string {
  return s.trim().split("\n").slice(-n).join(" | ");
}

/**
 * The cached virtual environment's Python, created on first use: `python3 -m venv`, then
 * `pip install clusterfuzz==2.6.0` (google-cloud client libraries come with it: about a minute and
 * 200 MB). Built under a temporary name and renamed, so an interrupted install is never reused.
 */
export function clusterfuzzPython(): ClusterFuzzPython {
  const python = join(VENV, "bin", "python");
  if (imports(python)) return { python };
  if (!Bun.which("python3")) return { skip: "python3 is not installed" };
  const tmp = `${VENV}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const venv = Bun.spawnSync(["python3", "-m", "venv", tmp], { stdout: "pipe", stderr: "pipe" });
    if (venv.exitCode !== 0) return { skip: `python3 -m venv failed (${lastLines(venv.stderr.toString())}); on Debian: apt-get install python3-venv` };
    const pip = Bun.spawnSync([join(tmp, "bin", "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", CLUSTERFUZZ_PACKAGE], { stdout: "pipe", stderr: "pipe" });
    if (pip.exitCode !== 0) return { skip: `pip install ${CLUSTERFUZZ_PACKAGE} failed, no network to the package registry? (${lastLines(pip.stderr.toString())})` };
    rmSync(VENV, { recursive: true, force: true });
    renameSync(tmp, VENV);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return imports(python) ? { python } : { skip: `${CLUSTERFUZZ_PACKAGE} installed into ${VENV} but \`import clusterfuzz.fuzz\` fails` };
}
