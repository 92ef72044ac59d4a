import { EngineError } from "../findings/errors.ts";
import { parseArgs } from "../options/parse.ts";

/** Flags `bunfuzz test` passes on to fuzz() tests (through the environment the children read). */
const PASSED: Record<string, string> = { max_total_time: "BUNFUZZ_MAX_TOTAL_TIME", seed: "BUNFUZZ_SEED", runs: "BUNFUZZ_RUNS" };

/**
 * `bunfuzz test [bun test arguments] [-max_total_time=N] [-seed=N] [-runs=N]`: runs `bun test` with
 * fuzzing on (BUNFUZZ=1), so every fuzz() test fuzzes for its budget instead of replaying.
 */
export async function testCommand(argv: string[]): Promise<number> {
  const flags = argv.filter((a) => /^-[a-z_]+=/.test(a));
  const rest = argv.filter((a) => !/^-[a-z_]+=/.test(a));
  const { options, explicit } = parseArgs(flags);
  const env: Record<string, string> = { ...process.env, BUNFUZZ: "1" } as Record<string, string>;
  for (const name of explicit) {
    const key = PASSED[name];
    if (!key) throw new EngineError("usage", `-${name} does not apply to bunfuzz test: it takes -max_total_time, -seed and -runs`);
    env[key] = String(options[name as keyof typeof options]);
  }
  const p = Bun.spawn([process.execPath, "test", ...rest], { env, stdio: ["inherit", "inherit", "inherit"] });
  return await p.exited;
}
