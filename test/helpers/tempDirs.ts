/**
 * The temporary directories the tests of this process made (tempDir() in cli.ts), removed after the
 * last test by the preload in bunfig.toml (BUNFUZZ_TEST_KEEP_TEMP=1 keeps them). Left behind, they
 * pile up in /tmp, and Bun reads every entry of /tmp when it starts below it (src/runner/workerStartDir.ts):
 * 40,000 of them cost every bunfuzz process started there 25 ms.
 */
import { afterAll } from "bun:test";
import { rmSync } from "node:fs";

export const madeDirs: string[] = [];

/** Registers the removal; called once, from the preload (bun test's process.on("exit") never fires). */
export function removeAfterAll(): void {
  // Its own timeout: tens of thousands of corpus files take more than a hook's default 5 s to remove on a busy machine.
  afterAll(() => {
    if (process.env.BUNFUZZ_TEST_KEEP_TEMP) return;
    for (const d of madeDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }, { timeout: 120_000 });
}
