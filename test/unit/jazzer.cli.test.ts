/** Jazzer.js's command line as `bunfuzz fuzz` reads it (src/jazzer/cli.ts): each option, with its aliases, to bunfuzz's flags. */
import { describe, expect, test } from "bun:test";
import { EngineError } from "../../src/findings/errors.ts";
import { JAZZER_FLAGS, translateJazzerArgs } from "../../src/jazzer/cli.ts";

describe("translateJazzerArgs", () => {
  test("a command line without Jazzer.js's options comes back unchanged", () => {
    const argv = ["t.so", "corpus", "-runs=10", "-timeout=5", "--not-a-jazzer-flag"];
    expect(translateJazzerArgs(argv)).toEqual({ argv, notes: [] });
  });

  test("an example's script: options become flags, `--` ends them, the timeout goes last", () => {
    const { argv, notes } = translateJazzerArgs([
      "fuzz", "-i", "global-modules-path", "--disable_bug_detectors=.*", "-h", "custom-hooks", "--timeout=100000000",
      "--sync", "-x", "Error", "corpus", "--", "-runs=100000", "-timeout=3",
    ]);
    expect(argv).toEqual([
      "-instrument_paths=global-modules-path", "-disable_bug_detectors=.*", "-custom_hooks=custom-hooks.js", "-expected_errors=Error",
      "fuzz", "corpus", "-runs=100000", "-timeout=3", "-timeout=100000",
    ]);
    expect(notes).toContain("INFO: Jazzer.js's --sync is ignored: bunfuzz calls every target synchronously and awaits only what returns a promise");
    expect(notes).toContain("INFO: Jazzer.js's -i global-modules-path -> -instrument_paths=global-modules-path");
  });

  test("list options repeat (-i a -i b), values may be inline (--includes=a), long names and aliases alike", () => {
    expect(translateJazzerArgs(["t", "-i", "a", "--includes=b", "--instrumentation_includes", "c"]).argv).toEqual(["-instrument_paths=a,b,c", "t"]);
    expect(translateJazzerArgs(["t", "-e", "nothing"]).argv).toEqual(["-instrument_exclude=/**/*nothing*,/**/*nothing*/**", "t"]);
    expect(translateJazzerArgs(["t", "--fuzz_function=check", "-f", "other"]).argv).toEqual(["-fuzz_entry_point=other", "t"]);
    expect(translateJazzerArgs(["t", "-m", "regression", "-v"]).argv).toEqual(["-verbosity=2", "t", "-runs=0"]);
    expect(translateJazzerArgs(["t", "--timeout", "1500"]).argv).toEqual(["t", "-timeout=2"]);
    expect(translateJazzerArgs(["t", "--", "-runs=5"]).argv).toEqual(["t", "-runs=5"]);
  });

  test("bad values are usage errors that name the option", () => {
    const usage = (argv: string[]) => {
      try {
        translateJazzerArgs(argv);
      } catch (e) {
        return e instanceof EngineError && e.kind === "usage" ? e.message : `not a usage error: ${String(e)}`;
      }
      return "no error";
    };
    expect(usage(["t", "--mode=fast"])).toContain("--mode=fast is not valid: it takes fuzzing or regression");
    expect(usage(["t", "--timeout=0"])).toContain("--timeout=0 is not valid");
    expect(usage(["t", "-x"])).toContain("Jazzer.js option -x needs a value");
  });

  test("every option of Jazzer.js's cli.ts has a row (names and aliases as yargs declares them)", () => {
    const names = JAZZER_FLAGS.map((r) => r.names[0]);
    expect(names).toEqual([
      "fuzzEntryPoint", "includes", "excludes", "customHooks", "expectedErrors", "disableBugDetectors", "mode", "timeout",
      "sync", "dryRun", "verbose", "coverage", "coverageDirectory", "coverageReporters", "idSyncFile",
    ]);
  });
});
