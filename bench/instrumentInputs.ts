import { deflateSync } from "node:zlib";

/**
 * Real npm packages and deterministic inputs for the instrumentation benchmark
 * (bench/instrument.ts) and the semantic-equivalence test (test/unit/instrument.plugin.test.ts).
 * The inputs come from a fixed-seed xorshift generator: a mix of valid documents and documents
 * with a few bytes damaged, so both the success and the error paths run.
 */

/** One package under test: where its entry is and how to run one input through it. */
export interface PackageTarget {
  /**
   * True for packages the instrumenter was never tuned on (its hook rules and costs were chosen
   * on the others): the overhead measured there is the honest estimate for an unknown package.
   */
  readonly heldOut?: boolean;
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

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, "latin1");
  out.set(body, 8);
  let c = 0xffffffff;
  for (let i = 4; i < 8 + body.length; i++) c = CRC_TABLE[(c ^ out[i]!) & 0xff]! ^ (c >>> 8);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0, 8 + body.length);
  return out;
}

/** Adam7 passes: x0, y0, dx, dy. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

/**
 * A small PNG (every color type, 8-bit, sometimes interlaced, random filter bytes), as a latin1
 * string so every target's inputs are strings; a third get a damaged byte.
 */
function pngDoc(g: Gen): string {
  const w = 1 + g.below(24), h = 1 + g.below(24);
  const type = g.pick([0, 2, 3, 4, 6]);
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[type]!;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, type, 0, 0, g.below(4) === 0 ? 1 : 0], 8);
  // Rows of each pass (one pass unless interlaced): a filter byte, then pixels.
  const passes = ihdr[12] ? ADAM7 : [[0, 0, 1, 1]];
  const rows: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((w - x0!) / dx!), ph = Math.ceil((h - y0!) / dy!);
    if (pw > 0 && ph > 0) for (let y = 0; y < ph; y++) rows.push(1 + pw * channels);
  }
  const raw = Buffer.alloc(rows.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const len of rows) {
    raw[at] = g.below(5);
    for (let i = 1; i < len; i++) raw[at + i] = g.below(type === 3 ? 4 : 256);
    at += len;
  }
  const parts = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr)];
  if (type === 3) parts.push(chunk("PLTE", Buffer.from(Array.from({ length: 12 }, () => g.below(256)))));
  parts.push(chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0)));
  const bytes = Buffer.concat(parts);
  if (g.below(3) === 0) bytes[8 + g.below(bytes.length - 8)] = g.below(256);
  return bytes.toString("latin1");
}

function yamlScalar(g: Gen): string {
  switch (g.below(9)) {
    case 0: return String(g.below(100000) - 50000);
    case 1: return `${g.below(1000)}.${g.below(100)}e${g.below(5)}`;
    case 2: return JSON.stringify(`${g.word()} ${g.word()}`);
    case 3: return `'${g.word()}''s ${g.word()}'`;
    case 4: return g.pick(["true", "false", "null", "~", ".inf", "-.Inf", ".NaN", "0x1F", "0o17", "yes"]);
    case 5: return `2001-12-${String(1 + g.below(28)).padStart(2, "0")}t21:59:43.10-05:00`;
    case 6: return `!!str ${g.word()}`;
    case 7: return `${g.word()} ${g.word()}`;
    default: return g.word();
  }
}

function yamlNode(g: Gen, indent: string, depth: number): string {
  const k = depth > 2 ? 0 : g.below(6);
  if (k === 0 || k === 1) return ` ${yamlScalar(g)}${g.below(6) === 0 ? " # note" : ""}`;
  if (k === 2) return ` [${Array.from({ length: g.below(4) }, () => yamlScalar(g)).join(", ")}]`;
  if (k === 3) return ` {${Array.from({ length: 1 + g.below(3) }, (_, i) => `${g.word()}${i}: ${yamlScalar(g)}`).join(", ")}}`;
  if (k === 4) return ` ${g.pick(["|", ">", "|-", ">+"])}\n${Array.from({ length: 1 + g.below(3) }, () => `${indent}  ${g.word()} ${g.word()}`).join("\n")}`;
  const inner = indent + "  ";
  const seq = g.below(2) === 0;
  const items = Array.from({ length: 1 + g.below(4) }, (_, i) =>
    seq ? `${inner}-${yamlNode(g, inner, depth + 1)}` : `${inner}${g.below(8) === 0 ? "? " : ""}${g.word()}${i}:${yamlNode(g, inner, depth + 1)}`);
  return `\n${items.join("\n")}`;
}

function yamlDoc(g: Gen): string {
  const keys = 1 + g.below(6);
  const lines = g.below(4) === 0 ? ["%YAML 1.2", "---"] : [];
  const anchored = g.below(3) === 0;
  if (anchored) lines.push(`base: &a0 ${yamlScalar(g)}`);
  for (let k = 0; k < keys; k++) lines.push(`${g.word()}${k}:${anchored && g.below(4) === 0 ? " *a0" : yamlNode(g, "", 0)}`);
  const doc = lines.join("\n") + "\n";
  return g.below(3) === 0 ? damage(g, doc) : doc;
}

/** An identifier (words may hold "-"). */
function jsName(g: Gen): string {
  return g.word().replace(/-/g, "_");
}

/**
 * A JS expression. `es2017` leaves out what a parser of ECMAScript 2017 (esprima 4) rejects: object
 * spread, `??`, bigint literals.
 */
function jsExpr(g: Gen, depth: number, es2017 = false): string {
  const sub = (d: number) => jsExpr(g, d, es2017);
  switch (depth > 2 ? g.below(4) : g.below(11)) {
    case 0: return String(g.below(1000));
    case 1: return JSON.stringify(jsName(g));
    case 2: return jsName(g);
    case 3: return g.pick(["true", "null", "this", "0x1f", "1e3", "`t${x}`", "/a+b/g", es2017 ? "0o7" : "10n"]);
    case 4: return `${sub(depth + 1)} ${g.pick(["+", "-", "*", "===", "!==", "<", "&&", "||", es2017 ? "|" : "??", "instanceof", "in"])} ${sub(depth + 1)}`;
    case 5: return `${jsName(g)}(${Array.from({ length: g.below(3) }, () => sub(depth + 1)).join(", ")})`;
    case 6: return `${sub(depth + 1)} ? ${sub(depth + 1)} : ${sub(depth + 1)}`;
    case 7: return `(${jsName(g)}) => ${sub(depth + 1)}`;
    case 8: return `({ ${jsName(g)}: ${sub(depth + 1)}, ${es2017 ? `[${jsName(g)}]: 1` : `...${jsName(g)}`} })`;
    case 9: return `[${Array.from({ length: g.below(4) }, () => sub(depth + 1)).join(", ")}]`;
    default: return `${jsName(g)}.${jsName(g)}[${sub(depth + 1)}]`;
  }
}

function jsStatement(g: Gen, depth: number, es2017 = false): string {
  const block = () => `{ ${Array.from({ length: g.below(3) }, () => jsStatement(g, depth + 1, es2017)).join(" ")} }`;
  switch (depth > 2 ? g.below(3) : g.below(9)) {
    case 0: return `${g.pick(["const", "let", "var"])} ${jsName(g)} = ${jsExpr(g, 0, es2017)};`;
    case 1: return `${jsExpr(g, 0, es2017)};`;
    case 2: return `return ${jsExpr(g, 0, es2017)};`;
    case 3: return `if (${jsExpr(g, 1, es2017)}) ${block()} else ${block()}`;
    case 4: return `for (let i = 0; i < ${g.below(10)}; i++) ${block()}`;
    case 5: return `function ${jsName(g)}(a, b = ${jsExpr(g, 2, es2017)}) ${block()}`;
    case 6: return `class ${jsName(g)} extends ${jsName(g)} { constructor() { super(); } get ${jsName(g)}() ${block()} }`;
    case 7: return `try ${block()} catch (e) ${block()}`;
    default: return `switch (${jsExpr(g, 1, es2017)}) { case ${jsExpr(g, 2, es2017)}: ${jsStatement(g, depth + 1, es2017)} break; default: ${jsStatement(g, depth + 1, es2017)} }`;
  }
}

/** A small JS program (a module half the time), a third with a damaged byte. */
function jsDoc(g: Gen, es2017 = false): string {
  const doc = Array.from({ length: 1 + g.below(8) }, () => jsStatement(g, 0, es2017)).join("\n");
  return g.below(3) === 0 ? damage(g, doc) : doc;
}

/** A JSON5 value: comments, unquoted keys, single quotes, hex, Infinity, trailing commas. */
function json5Value(g: Gen, depth: number): string {
  switch (depth > 2 ? g.below(6) : g.below(8)) {
    case 0: return String(g.below(100000) - 50000);
    case 1: return g.pick([`${g.below(100)}.${g.below(100)}e${g.below(5)}`, ".5", "+1", "0x1F", "Infinity", "-Infinity", "NaN", "5."]);
    case 2: return JSON.stringify(`${g.word()} ${g.word()}`);
    case 3: return `'${g.word()}\\'s \\u0041'`;
    case 4: return g.pick(["true", "false", "null"]);
    case 5: return `"${g.word()}\\\n${g.word()}"`;
    case 6: return `[${Array.from({ length: 1 + g.below(4) }, () => json5Value(g, depth + 1)).join(", ")}${g.below(2) ? "," : ""}]`;
    default: return `{${Array.from({ length: 1 + g.below(4) }, (_, i) => `${g.below(3) ? jsName(g) + i : JSON.stringify(g.word())}: ${json5Value(g, depth + 1)}`).join(", ")}${g.below(2) ? "," : ""}}`;
  }
}

/** A JSON5 document, sometimes with comments, a third damaged. */
function json5Doc(g: Gen): string {
  const keys = Array.from({ length: 1 + g.below(8) }, (_, i) => `${g.below(4) === 0 ? "// key\n" : ""}${jsName(g)}${i}: ${json5Value(g, 0)}`);
  const doc = `${g.below(3) === 0 ? "// config\n" : ""}{\n${keys.join(",\n")}${g.below(2) ? "," : ""}\n}${g.below(4) === 0 ? " /* end */" : ""}`;
  return g.below(3) === 0 ? damage(g, doc) : doc;
}

/** An XML element: attributes, text with entities, CDATA, comments, processing instructions. */
function xmlElement(g: Gen, depth: number): string {
  const name = jsName(g);
  const attrs = Array.from({ length: g.below(3) }, (_, i) => ` ${jsName(g)}${i}=${g.below(4) ? `"${g.word()}"` : `'${g.word()} &amp; x'`}`).join("");
  if (depth > 2 || g.below(4) === 0) return `<${name}${attrs}/>`;
  const kids = Array.from({ length: g.below(4) }, () => {
    switch (g.below(6)) {
      case 0: return `${g.word()} &lt;${g.word()}&gt; &#65;&#x42;`;
      case 1: return `<![CDATA[${g.word()} <b> ${g.word()}]]>`;
      case 2: return `<!-- ${g.word()} -->`;
      case 3: return `<?${jsName(g)} ${g.word()}?>`;
      default: return xmlElement(g, depth + 1);
    }
  }).join(g.below(2) ? "\n" : "");
  return `<${name}${attrs}>${kids}</${name}>`;
}

/** An XML document (declaration and doctype sometimes), a third damaged. */
function xmlDoc(g: Gen): string {
  const doc = `${g.below(2) ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ""}${g.below(5) === 0 ? "<!DOCTYPE r>\n" : ""}${xmlElement(g, 0)}`;
  return g.below(3) === 0 ? damage(g, doc) : doc;
}

/**
 * The packages: TOML (ES module), INI (CommonJS), CSV (CommonJS UMD bundle), PNG (CommonJS), and
 * held out from tuning, YAML (js-yaml's CommonJS build), JavaScript (acorn's and esprima's CommonJS
 * builds), JSON5 (its UMD bundle) and XML (sax, a streaming parser).
 */
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
  {
    pkg: "pngjs",
    entry: "lib/png.js",
    kind: "cjs",
    make: pngDoc,
    run: (m, input) => guard(() => {
      const png = m.PNG.sync.read(Buffer.from(input, "latin1"));
      let sum = 0;
      for (let i = 0; i < png.data.length; i++) sum = (sum * 31 + png.data[i]) >>> 0;
      return { width: png.width, height: png.height, sum };
    }),
  },
  {
    pkg: "js-yaml",
    entry: "dist/js-yaml.cjs.js",
    kind: "cjs",
    heldOut: true,
    make: yamlDoc,
    run: (m, input) => guard(() => m.load(input)),
  },
  {
    pkg: "acorn",
    entry: "dist/acorn.js",
    kind: "cjs",
    heldOut: true,
    make: jsDoc,
    run: (m, input, i) => guard(() => {
      const ast = m.parse(input, { ecmaVersion: "latest", sourceType: i % 2 === 0 ? "module" : "script", locations: i % 3 === 0, allowReturnOutsideFunction: true });
      return { type: ast.type, body: ast.body.length, end: ast.end };
    }),
  },
  {
    pkg: "esprima",
    entry: "dist/esprima.js",
    kind: "cjs",
    heldOut: true,
    make: (g) => `function main(x) {\n${jsDoc(g, true)}\n}`, // esprima has no allowReturnOutsideFunction
    run: (m, input, i) => guard(() => {
      const opts = { loc: i % 3 === 0, range: i % 2 === 0, tolerant: i % 5 === 0 };
      const ast = i % 2 === 0 ? m.parseModule(input, opts) : m.parseScript(input, opts);
      return { type: ast.type, body: ast.body.length, errors: ast.errors?.length };
    }),
  },
  {
    pkg: "json5",
    entry: "dist/index.js",
    kind: "cjs",
    heldOut: true,
    make: json5Doc,
    run: (m, input) => guard(() => m.parse(input)),
  },
  {
    pkg: "sax",
    entry: "lib/sax.js",
    kind: "cjs",
    heldOut: true,
    make: xmlDoc,
    run: (m, input, i) => guard(() => {
      const p = m.parser(i % 2 === 0, { trim: i % 3 === 0, normalize: i % 3 === 0, lowercase: true, xmlns: i % 4 === 0 });
      const events: string[] = [];
      p.onerror = (e: Error) => { events.push(`error:${e.message.split("\n")[0]}`); p.resume(); };
      p.onopentag = (t: { name: string }) => events.push(`<${t.name}`);
      p.onclosetag = (n: string) => events.push(`>${n}`);
      p.ontext = (t: string) => events.push(`t${t.length}`);
      p.oncdata = (t: string) => events.push(`c${t.length}`);
      p.write(input).close();
      return events;
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
