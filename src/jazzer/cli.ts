/**
 * Jazzer.js's command line, read by `bunfuzz fuzz`: `npx jazzer fuzz -i jpeg-js --sync -- -runs=100`
 * becomes `bunfuzz fuzz fuzz -i jpeg-js --sync -- -runs=100`. Each of Jazzer.js's options (its
 * packages/core/cli.ts, 4.x) is a row here, with all its aliases and what bunfuzz makes of it: one
 * of bunfuzz's own flags, or nothing, with the reason. The translated flags go before the rest, as
 * libFuzzer's after `--` go after Jazzer.js's own options; the ones Jazzer.js appends to libFuzzer's
 * (the timeout, regression mode's -runs=0) go last, so they win as they do there.
 *
 * No clash with libFuzzer's flags: libFuzzer has no one-letter flags, and it ignores every
 * argument that starts with `--`, which is what bunfuzz does with one that names no row here.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { escapeControl } from "../util/escape.ts";

/** bool: takes no value (`--sync`, `--sync=false`); value: one; list: one per occurrence, repeatable. */
type Arity = "bool" | "value" | "list";

/** One of Jazzer.js's options. */
export interface JazzerFlagRow {
  /** Jazzer.js's name, then its aliases (one letter: `-i`; longer: `--includes`). */
  readonly names: readonly string[];
  readonly arity: Arity;
  /**
   * bunfuzz's flags for the values given (booleans: ["true"] or ["false"]), and whether they go
   * last; `ignored`: why the option changes nothing under bunfuzz.
   */
  readonly to: ((values: string[]) => { flags: string[]; last?: boolean }) | { ignored: string };
  readonly help: string;
}

/** Jazzer.js's substring of a path as globs (any file or folder whose path contains it). */
function substringGlobs(s: string): string[] {
  return s === "*" ? ["/**"] : [`/**/*${s}*`, `/**/*${s}*/**`];
}

/** Jazzer.js appends `.js` to a module path without a JS extension; bunfuzz also takes the file as named. */
export function jazzerModulePath(name: string): string {
  if (existsSync(resolve(name))) return name;
  return /\.[cm]?js$/.test(name) ? name : `${name}.js`;
}

/** Jazzer.js's options (its cli.ts), each with what bunfuzz does with it. */
export const JAZZER_FLAGS: readonly JazzerFlagRow[] = [
  { names: ["fuzzEntryPoint", "f", "fuzz_entry_point", "fuzz_function"], arity: "value", to: (v) => ({ flags: [`-fuzz_entry_point=${v.at(-1)}`] }), help: "-fuzz_entry_point" },
  { names: ["includes", "i", "instrumentation_includes"], arity: "list", to: (v) => ({ flags: [`-instrument_paths=${v.join(",")}`] }), help: "-instrument_paths (path substrings, node_modules included)" },
  { names: ["excludes", "e", "instrumentation_excludes"], arity: "list", to: (v) => ({ flags: [`-instrument_exclude=${v.flatMap(substringGlobs).join(",")}`] }), help: "-instrument_exclude (each substring as globs: /**/*X*, /**/*X*/**)" },
  { names: ["customHooks", "custom_hooks", "h"], arity: "list", to: (v) => ({ flags: [`-custom_hooks=${v.map(jazzerModulePath).join(",")}`] }), help: "-custom_hooks (`.js` added to a name without one, as Jazzer.js does)" },
  { names: ["expectedErrors", "expected_errors", "x"], arity: "list", to: (v) => ({ flags: [`-expected_errors=${v.join(",")}`] }), help: "-expected_errors" },
  { names: ["disableBugDetectors", "disable_bug_detectors"], arity: "list", to: (v) => ({ flags: [`-disable_bug_detectors=${v.join(",")}`] }), help: "-disable_bug_detectors" },
  {
    names: ["mode", "m"], arity: "value", help: "regression: -runs=0 (each corpus input once), last",
    to: (v) => {
      const mode = v.at(-1);
      if (mode !== "fuzzing" && mode !== "regression") throw new EngineError("usage", `--mode=${escapeControl(String(mode))} is not valid: it takes fuzzing or regression`);
      return { flags: mode === "regression" ? ["-runs=0"] : [], last: true };
    },
  },
  {
    names: ["timeout"], arity: "value", help: "-timeout in seconds (milliseconds rounded up, as Jazzer.js passes it to libFuzzer), last",
    to: (v) => {
      const ms = Number(v.at(-1));
      if (!Number.isFinite(ms) || ms <= 0) throw new EngineError("usage", `--timeout=${escapeControl(String(v.at(-1)))} is not valid: it takes milliseconds, more than 0`);
      return { flags: [`-timeout=${Math.ceil(ms / 1000)}`], last: true };
    },
  },
  { names: ["sync"], arity: "bool", to: { ignored: "bunfuzz calls every target synchronously and awaits only what returns a promise" }, help: "" },
  { names: ["dryRun", "dry_run", "d"], arity: "bool", to: { ignored: "bunfuzz always instruments the selected files" }, help: "" },
  { names: ["verbose", "v"], arity: "bool", to: (v) => ({ flags: v.at(-1) === "false" ? [] : ["-verbosity=2"] }), help: "-verbosity=2" },
  { names: ["coverage", "cov"], arity: "bool", to: { ignored: "`bunfuzz coverage <target> <corpus> -o DIR` writes lcov and HTML from a corpus" }, help: "" },
  { names: ["coverageDirectory", "coverage_directory", "cov_dir"], arity: "value", to: { ignored: "see --coverage" }, help: "" },
  { names: ["coverageReporters", "coverage_reporters", "cov_reporters"], arity: "list", to: { ignored: "see --coverage" }, help: "" },
  { names: ["idSyncFile", "id_sync_file"], arity: "value", to: { ignored: "bunfuzz's workers share edge ids without a file" }, help: "" },
];

const BY_NAME = new Map(JAZZER_FLAGS.flatMap((row) => row.names.map((n) => [n, row] as const)));

/** What translateJazzerArgs made of a command line. */
export interface JazzerArgs {
  /** The command line with Jazzer.js's options replaced by bunfuzz's flags (unchanged without any). */
  readonly argv: string[];
  /** One INFO line per option given, saying what became of it (empty without any). */
  readonly notes: string[];
}

/** The row an argument names (`--includes=x`, `--sync`, `-i`), its value if given inline. */
function optionOf(arg: string): { row: JazzerFlagRow; name: string; inline?: string } | undefined {
  const m = /^(--?)([A-Za-z_]+)(?:=(.*))?$/s.exec(arg);
  if (!m) return undefined;
  const [, dashes, name, inline] = m;
  const row = BY_NAME.get(name!);
  // One-letter names take one dash (yargs' short options), longer ones two; `-timeout=5` stays libFuzzer's.
  if (!row || (dashes === "-") !== (name!.length === 1)) return undefined;
  return { row, name: name!, inline };
}

/**
 * Replaces Jazzer.js's options in a `bunfuzz fuzz` command line by bunfuzz's flags. A bare `--`
 * ends them (what follows is libFuzzer's, passed on as is). A command line without any comes back
 * unchanged. A value option at the end without its value is a usage error.
 */
export function translateJazzerArgs(argv: readonly string[]): JazzerArgs {
  const given = new Map<JazzerFlagRow, { name: string; values: string[] }>();
  const rest: string[] = [];
  let sawDashes = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      sawDashes = true;
      rest.push(...argv.slice(i + 1));
      break;
    }
    const opt = optionOf(arg);
    if (!opt) {
      rest.push(arg);
      continue;
    }
    const { row, name } = opt;
    let value = opt.inline;
    if (value === undefined && row.arity !== "bool") {
      value = argv[i + 1];
      if (value === undefined || value === "--") throw new EngineError("usage", `Jazzer.js option ${arg} needs a value: ${arg} VALUE`);
      i++;
    }
    if (row.arity === "bool") value = value === undefined || value === "true" ? "true" : "false";
    const entry = given.get(row) ?? { name: `${name.length === 1 ? "-" : "--"}${name}`, values: [] };
    entry.values.push(value!);
    given.set(row, entry);
  }
  if (given.size === 0) return { argv: sawDashes ? rest : [...argv], notes: [] };
  const first: string[] = [], last: string[] = [], notes: string[] = [];
  for (const [row, { name, values }] of given) {
    if ("ignored" in row.to) {
      notes.push(`INFO: Jazzer.js's ${name} is ignored: ${row.to.ignored}`);
      continue;
    }
    const out = row.to(values);
    (out.last ? last : first).push(...out.flags);
    notes.push(`INFO: Jazzer.js's ${name} ${values.filter((v) => row.arity !== "bool" || v !== "true").join(" ")}`.trimEnd() + ` -> ${out.flags.join(" ") || "(nothing)"}`);
  }
  return { argv: [...first, ...rest, ...last], notes };
}

/** The Markdown table of Jazzer.js's options and what bunfuzz fuzz makes of each (src/jazzer/README.md). */
export function jazzerFlagTable(): string {
  const name = (n: string) => (n.length === 1 ? `-${n}` : `--${n}`);
  return [
    "| Jazzer.js option | aliases | takes | bunfuzz |",
    "| --- | --- | --- | --- |",
    ...JAZZER_FLAGS.map((r) => {
      const what = "ignored" in r.to ? `ignored: ${r.to.ignored}` : r.help;
      return `| \`${name(r.names[0]!)}\` | ${r.names.slice(1).map((n) => `\`${name(n)}\``).join(", ")} | ${r.arity === "list" ? "a value, repeatable" : r.arity === "value" ? "a value" : "nothing"} | ${what.replace(/\|/g, "\\|")} |`;
    }),
  ].join("\n");
}
