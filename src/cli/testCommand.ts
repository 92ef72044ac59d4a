import { availableParallelism } from "node:os";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { parseArgs, testEnvName } from "../options/parse.ts";
import { findOption, OPTIONS, type OptionRow } from "../options/table.ts";
import { writeStderr } from "../util/stderr.ts";

const TEST_FLAGS = (OPTIONS as readonly OptionRow[]).filter((r) => r.scope.includes("test")).map((r) => `-${r.name}`);

/**
 * `bunfuzz test [bun test arguments] [-max_total_time=N] [-seed=N] ...`: runs `bun test` with fuzzing
 * on (BUNFUZZ=1), so every fuzz() test fuzzes for its budget instead of replaying. The flags fuzz()
 * accepts (the option table's "test" rows) reach the tests as BUNFUZZ_<NAME>. Each test fuzzes with
 * every core (-workers to choose); with `--concurrent` several tests fuzz at once and share them.
 * Jest-style `it.fuzz` tests (Jazzer.js's) fuzz too: the preload that declares them is added.
 */
export async function testCommand(argv: string[]): Promise<number> {
  const flags = argv.filter((a) => /^-[a-z_]+=/.test(a));
  const rest = argv.filter((a) => !/^-[a-z_]+=/.test(a));
  const { explicit, warnings } = parseArgs(flags);
  for (const w of warnings) writeStderr(`${w}\n`);
  const env: Record<string, string> = { ...process.env, BUNFUZZ: "1" } as Record<string, string>;
  for (const name of explicit) {
    const row = findOption(name)!;
    if (!row.scope.includes("test")) throw new EngineError("usage", `-${name} does not apply to bunfuzz test: it takes ${TEST_FLAGS.join(", ")}`);
    env[testEnvName(row)] = flags.find((f) => f.startsWith(`-${name}=`))!.slice(name.length + 2);
  }
  // `--concurrent` (bun test's) fuzzes several fuzz() tests at once: the cores are shared among
  // them (bun test's --max-concurrency, default 20), one worker each at least, unless -workers says.
  if (rest.includes("--concurrent") && !explicit.has("workers")) {
    const max = Number(rest.find((a) => a.startsWith("--max-concurrency="))?.split("=")[1] ?? 20);
    env.BUNFUZZ_WORKERS = String(Math.max(1, Math.floor(availableParallelism() / Math.max(1, max))));
  }
  // Jest-style fuzz tests (it.fuzz, as Jazzer.js's Jest runner has them) need no bunfig line here.
  const jest = join(import.meta.dir, "../integrations/jestPreload.ts");
  const p = Bun.spawn([process.execPath, "test", "--preload", jest, ...rest], { env, stdio: ["inherit", "inherit", "inherit"] });
  return await p.exited;
}
