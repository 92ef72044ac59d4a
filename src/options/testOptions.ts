import { EngineError } from "../findings/errors.ts";
import { parseValue, testEnvName } from "./parse.ts";
import { defaultOptions, OPTIONS, type OptionRow, type Options, type TestFlagOptions } from "./table.ts";

/**
 * The options of one fuzz() test, from the table: each row's default, then its test default (a test
 * must end by itself and report a hang soon), then what `bunfuzz test` passed in BUNFUZZ_<NAME>,
 * then the test's own options, which win. Every value goes through the row's checks, so a
 * fuzz() option out of range fails as the same flag would on the command line.
 */
export function testOptions(given: TestFlagOptions, env: Record<string, string | undefined> = process.env): Options {
  const o = defaultOptions() as Record<string, unknown>;
  const values = given as Record<string, unknown>;
  for (const row of OPTIONS as readonly OptionRow[]) {
    if (!row.test) continue;
    if (row.test.default !== undefined) o[row.name] = row.test.default;
    const fromEnv = env[testEnvName(row)];
    if (fromEnv !== undefined) o[row.name] = parseValue(row, fromEnv, testEnvName(row));
    const v = values[row.test.key];
    if (v === undefined) continue;
    if (row.type === "list") {
      if (!Array.isArray(v)) throw new EngineError("usage", `fuzz() option ${row.test.key} takes an array of strings`);
      o[row.name] = v;
    } else {
      o[row.name] = parseValue(row, String(v), `fuzz() option ${row.test.key}`);
    }
  }
  return o as Options;
}
