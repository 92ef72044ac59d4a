/**
 * Real npm packages and deterministic inputs for the instrumentation benchmark
 * (bench/instrument.ts) and the semantic-equivalence test (test/unit/instrument.plugin.test.ts).
 * The inputs come from a fixed-seed xorshift generator: a mix of valid documents and documents
 * with a few bytes damaged, so both the success and the error paths run.
 */

/** One package under test: where its entry is and how to run one input through it. */
export interface PackageTarget {
  /** npm package name (pinned in package.json dependencies). */
  readonly pkg: string;
  /** Entry file inside the package. */
  readonly entry: string;
  /** "esm" for import(), "cjs" for require(). */
  readonly kind: "esm" | "cjs";
  /** Runs one input; returns a JSON-able summary (errors become `{ error: message }`). */
  readonly run: (mod: any, input: string, i: number) => unknown;
  /** Builds one input from the generator. */
  readonly make: (g: Gen) => string;
}

/** A tiny seeded generator (xorshift32): the benchmark needs no cryptographic quality. */
export class Gen {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** Uniform integer in [0, n). */
  below(n: number): number {
    let x = this.s;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.s = x;
    return x % n;
  }
  /** One element of xs. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)]!;
  }
  /** A short identifier-like word. */
  word(): string {
    const n = 1 + this.below(8);
    let s = "";
    for (let i = 0; i < n; i++) s += "abcdefghijklmnopqrstuvwxyz_-"[this.below(i === 0 ? 26 : 28)];
    return s;
  }
}

function guard(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Damages about one byte in 40 of a document (so parsers reach their error paths). */
function damage(g: Gen, s: string): string {
  const chars = [...s];
  const n = 1 + g.below(Math.max(1, chars.length >> 5));
  for (let i = 0; i < n; i++) chars[g.below(chars.length)] = g.pick(["=", "[", "]", "\"", "'", ",", "\n", "#", "\\", "{", "x", " "]);
  return chars.join("");
}

function tomlValue(g: Gen, depth: number): string {
  switch (g.below(depth > 1 ? 6 : 8)) {
    case 0: return String(g.below(100000) - 50000);
    case 1: return `${g.below(1000)}.${g.below(1000)}`;
    case 2: return JSON.stringify(g.word() + " " + g.word());
    case 3: return `'${g.word()}\\n'`;
    case 4: return g.pick(["true", "false", "inf", "nan", "0x1F", "0o17", "1_000"]);
    case 5: return `1979-05-${String(1 + g.below(28)).padStart(2, "0")}T07:32:00Z`;
    case 6: return `[${Array.from({ length: g.below(4) }, () => tomlValue(g, depth + 1)).join(", ")}]`;
    default: return `{ ${Array.from({ length: 1 + g.below(3) }, (_, i) => `${g.word()}${i} = ${tomlValue(g, depth + 1)}`).join(", ")} }`;
  }
}

function tomlDoc(g: Gen): string {
  const lines: string[] = [];
  const tables = 1 + g.below(4);
  for (let t = 0; t < tables; t++) {
    if (t > 0) lines.push(g.below(4) === 0 ? `[[${g.word()}]]` : `[${g.word()}${t}.${g.word()}]`);
    const keys = 1 + g.below(6);
    for (let k = 0; k < keys; k++) lines.push(`${g.word()}${k} = ${tomlValue(g, 0)}${g.below(5) === 0 ? " # c" : ""}`);
  }
  const doc = lines.join("\n") + "\n";
  return g.below(3) === 0 ? damage(g, doc) : doc;
}

function iniDoc(g: Gen): string {
  const lines: string[] = [];
  for (let s = 0; s < 1 + g.below(4); s++) {
    if (s > 0 || g.below(2) === 0) lines.push(`[${g.word()}${g.below(3) === 0 ? "." + g.word() : ""}]`);
    for (let k = 0; k < 1 + g.below(6); k++) {
      const v = g.pick([g.word(), String(g.below(1000)), "true", "\"quoted; value\"", `${g.word()} ; comment`, ""]);
      lines.push(g.below(6) === 0 ? `${g.word()}[] = ${v}` : `${g.word()}${g.below(3) === 0 ? " = " : "="}${v}`);
    }
    if (g.below(4) === 0) lines.push(g.pick(["; comment", "# note", ""]));
  }
  const doc = lines.join(g.below(5) === 0 ? "\r\n" : "\n");
  return g.below(3) === 0 ? damage(g, doc) : doc;
}

function csvDoc(g: Gen): string {
  const cols = 1 + g.below(5);
  const rows: string[] = [];
  for (let r = 0; r < 1 + g.below(12); r++) {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) {
      cells.push(g.pick([g.word(), String(g.below(10000) - 5000), `${g.below(100)}.${g.below(100)}`, "true", "", `"${g.word()}, ${g.word()}"`, `"a ""q"" b"`, `"multi\nline"`]));
    }
    rows.push(cells.join(g.below(8) === 0 ? ";" : ","));
  }
  const doc = rows.join(g.below(4) === 0 ? "\r\n" : "\n");
  return g.below(4) === 0 ? damage(g, doc) : doc;
}

/** The packages: TOML (ES module), INI (CommonJS), CSV (CommonJS UMD bundle). */
export const TARGETS: readonly PackageTarget[] = [
  {
    pkg: "smol-toml",
    entry: "dist/index.js",
    kind: "esm",
    make: tomlDoc,
    run: (m, input) => guard(() => m.parse(input)),
  },
  {
    pkg: "ini",
    entry: "lib/ini.js",
    kind: "cjs",
    make: iniDoc,
    run: (m, input) => guard(() => {
      const parsed = m.parse(input);
      return { parsed, text: m.stringify(parsed, { whitespace: true }) };
    }),
  },
  {
    pkg: "papaparse",
    entry: "papaparse.js",
    kind: "cjs",
    make: csvDoc,
    run: (m, input, i) => guard(() => {
      const r = m.parse(input, { header: i % 2 === 0, dynamicTyping: i % 3 === 0, skipEmptyLines: i % 5 === 0 });
      return { data: r.data, errors: r.errors, delimiter: r.meta.delimiter };
    }),
  },
];

/** `count` inputs for a target, the same for a given seed. */
export function inputsFor(t: PackageTarget, count: number, seed = 12345): string[] {
  const g = new Gen(seed);
  return Array.from({ length: count }, () => t.make(g));
}

/** A stable JSON text of a result (bigints as strings, dates as ISO text). */
export function summarize(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
}
