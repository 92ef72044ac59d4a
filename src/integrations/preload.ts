/**
 * Preloaded into the `bun test` child process that fuzzes one fuzz() test (see bunTest.ts): maps
 * the shared region the parent named, then sets up Jazzer.js compatibility and registers
 * instrumentation before the test file and the code under test load, so their probes and compare
 * hooks feed the shim. The parent already chose what to instrument (cfg.js).
 */
import { jsShim } from "../runner/jsScope.ts";
import { readWorkerConfig } from "../runner/workerConfigChannel.ts";
import { setChild } from "./child.ts";
import { instrumentJs, jazzerOptions, probeOptions } from "../runner/jsTarget.ts";
import { reportEngineError } from "../findings/errors.ts";

const cfg = readWorkerConfig();
if (cfg) {
  // bun test gives a test file describe, it, expect... as globals of its own; a CommonJS test file
  // instrumented here runs through the plugin (commonjs.ts), which sees only globalThis.
  const bunTest = (await import("bun:test")) as unknown as Record<string, unknown>;
  const g = globalThis as Record<string, unknown>;
  for (const k of ["describe", "it", "test", "expect", "beforeAll", "afterAll", "beforeEach", "afterEach", "jest", "mock", "spyOn", "setSystemTime"]) g[k] ??= bunTest[k];
  const shim = jsShim(cfg);
  try {
    await instrumentJs(cfg.target, shim, cfg.js!, probeOptions(cfg.options), jazzerOptions(cfg.options));
  } catch (e) {
    process.exit(reportEngineError(e)); // a bad custom hooks file: one line, and the parent fails the test
  }
  setChild({ cfg, shim });
  // The test may be an it.fuzz one. Imported only now: what loads before instrumentation is
  // registered cannot be instrumented, and bunfuzz fuzzes its own modules (test/fuzz/).
  (await import("./jest.ts")).installJestFuzz();
}
