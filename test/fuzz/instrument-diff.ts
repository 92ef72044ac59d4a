/**
 * Differential self-fuzz of the JS instrumenter: random programs whose comparisons and hooked
 * method calls have operands with side effects (getters, Proxy traps, calls, valueOf/toString),
 * operands that throw, methods called on non-strings and on objects with their own
 * startsWith/includes/..., run plain and instrumented (probes and compare hooks, with a private
 * runtime). Both runs must show the same behaviour: the same log of every side effect, the same
 * result or the same error (name, and message with JavaScriptCore's quoted source text removed,
 * since probes change the source), and an instrumented error never thrown from the hook runtime.
 *
 *   bun test/fuzz/instrument-diff.ts [programs=2000] [seed=1]
 * test/unit/instrument-diff.test.ts runs it with a small N; test/fuzz/instrumentDiff.test.ts is the
 * same check as a fuzz() test, which `bunfuzz test` fuzzes (its budget in CI: test/e2e/selfFuzz.test.ts).
 */
import { MemorySink } from "../../src/instrument/memorySink.ts";
import { createRuntime } from "../../src/instrument/runtime.ts";
import { instrumentSource } from "../../src/instrument/transform.ts";
import { MODULE_GLOBAL } from "../../src/instrument/hooks.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";

/** Where the generator's choices come from: a seeded RNG, or a Smith reading a fuzzer's input. */
export interface Choices {
  /** An integer in [0, n); `site` names the choice (Smith's call-site label). */
  below(n: number, site: string): number;
}

const LITERALS = [`"abc"`, `""`, `"key"`, `"0"`, `"ab"`, `300`, `1000`, `2.5`, `-7`, `"x"`, `5`, `null`, `undefined`, `true`, `"a\\u0062c"`];
const OPS = ["===", "!==", "==", "!=", "<", ">", "<=", ">="];
const METHODS = ["startsWith", "endsWith", "includes", "indexOf"];
/** Operands with effects (see environment()). */
const EFFECTFUL = ["o.g0", "o.g1", "o.list", "p.k0", "p.k1", "f()", "g(v0)", "coerce", "m", "pa", "arr", "z", "boom()", "o", "n", "globalThis.gv", "gv"];
const LOCALS = ["v0", "v1", "v2"];
const ALLOCATIONS = ["new Uint8Array", "new Float64Array", "new Array", "Array", "new ArrayBuffer"];

/** A random program: a CommonJS module body exporting `run()`, which logs what it does. */
export function generateProgram(c: Choices): string {
  const lines = ["const { log, o, p, pa, arr, f, g, boom, coerce, m, z, n, show } = env;", `let v0 = "ab", v1 = 300, v2 = "key";`];
  const helpers = c.below(3, "helpers");
  for (let i = 0; i < helpers; i++) lines.push(`const h${i} = (x) => ${expr(c, 2)};`);
  lines.push("module.exports = function run() {");
  const count = 1 + c.below(6, "statements");
  for (let i = 0; i < count; i++) lines.push(`  ${statement(c, i, helpers)}`);
  lines.push("};");
  return lines.join("\n");
}

function statement(c: Choices, i: number, helpers: number): string {
  switch (c.below(9, "stmt")) {
    case 7: return `log(show(((x = ${compare(c, 2)}) => x)()));`; // a parameter default (the enclosing scope's temporaries)
    case 8: return `log(show(new (class { f = ${compare(c, 2)}; })().f));`; // a class field
    case 0: return `log(show(${expr(c, 3)}));`;
    case 1: return `if (${compare(c, 2)}) log("then ${i}"); else log("else ${i}");`;
    case 2: return `switch (${expr(c, 2)}) { case "abc": log("case abc"); break; case 300: log("case 300"); break; case "key": log("case key"); default: log("default"); }`;
    case 3: return `for (let i = 0; i < 2; i++) log(show(${compare(c, 2)}));`;
    case 4: return `try { log(show(${expr(c, 3)})); } catch (e) { log("caught " + show(e)); }`;
    case 5: return `${LOCALS[c.below(3, "assign")]} = ${expr(c, 2)};`;
    default: return helpers > 0 ? `log(show(h${c.below(helpers, "helper")}(${expr(c, 1)})));` : `log(show(${method(c, 2)}));`;
  }
}

function expr(c: Choices, depth: number): string {
  const k = depth <= 0 ? c.below(3, "leaf") : c.below(10, "expr");
  switch (k) {
    case 0: return LITERALS[c.below(LITERALS.length, "literal")]!;
    case 1: return EFFECTFUL[c.below(EFFECTFUL.length, "effectful")]!;
    case 2: return LOCALS[c.below(LOCALS.length, "local")]!;
    case 3: case 4: return compare(c, depth - 1);
    case 5: case 6: return method(c, depth - 1);
    case 7: return `(${compare(c, depth - 1)} ? ${expr(c, depth - 1)} : ${expr(c, depth - 1)})`;
    case 8: return `${ALLOCATIONS[c.below(ALLOCATIONS.length, "alloc")]}(${expr(c, depth - 1)}).length`; // counted work (allocWork.ts)
    default: return `(${expr(c, depth - 1)} ${["&&", "||", "+"][c.below(3, "binop")]} ${expr(c, depth - 1)})`;
  }
}

function compare(c: Choices, depth: number): string {
  const a = expr(c, depth), b = expr(c, depth);
  return `(${c.below(4, "lit side") === 0 ? LITERALS[c.below(LITERALS.length, "cmp literal")] : a} ${OPS[c.below(OPS.length, "op")]} ${b})`;
}

function method(c: Choices, depth: number): string {
  const name = METHODS[c.below(METHODS.length, "method")]!;
  const args = [expr(c, depth)];
  if (c.below(3, "two args") === 0) args.push(c.below(2, "position") === 0 ? String(c.below(4, "position value")) : expr(c, depth));
  const recv = expr(c, depth);
  return `${/^[A-Za-z_][\w.]*$/.test(recv) ? recv : `(${recv})`}.${name}(${args.join(", ")})`;
}

/** One run's observable behaviour: every side effect, then the result or the error. */
interface Behaviour {
  log: string[];
  outcome: string;
  /** The error's stack, if the run threw. */
  stack?: string;
}

/** Removes the source text JavaScriptCore quotes in its messages (probes and hooks change it). */
function message(e: unknown): string {
  if (!(e instanceof Error)) return `thrown ${typeof e}: ${String(e)}`;
  const m = e.message.replace(/ \(In '.*', '.*' is (undefined|null|not a function|[^)]*)\)$/s, "").replace(/\(evaluating '.*'\)$/s, "(evaluating ...)");
  return `${e.name}: ${m.replace(/^.* is not a function/s, "... is not a function")}`;
}

/** The values the program's operands read, fresh for each run: every read and call is logged. */
function environment(log: string[]): Record<string, unknown> {
  let tick = 0;
  const rotate = (values: readonly unknown[]) => values[tick++ % values.length];
  const show = (v: unknown): string => {
    if (v instanceof Error) return message(v);
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "function") return "function";
    if (v && typeof v === "object") return Array.isArray(v) ? `array(${(v as unknown[]).length})` : "object";
    return String(v);
  };
  const VALUES = ["abc", "ab", "key", 300, "abcdef", "", 2.5, "xkey"];
  const o: Record<string, unknown> = {};
  for (const name of ["g0", "g1"]) Object.defineProperty(o, name, { get: () => { const v = rotate(VALUES); log.push(`get ${name} -> ${show(v)}`); return v; } });
  Object.defineProperty(o, "list", { get: () => { log.push("get list"); return ["abc", "key"]; } });
  const p = new Proxy({ k0: "key", k1: 300 } as Record<string, unknown>, {
    get: (t, k) => { log.push(`proxy get ${String(k)}`); return typeof k === "string" && k.startsWith("k") ? rotate(VALUES) : t[k as string]; },
    has: (t, k) => { log.push(`proxy has ${String(k)}`); return k in t; },
  });
  const backing = ["abc", "key", "ab"];
  Object.defineProperty(backing, 1, { get: () => { log.push("get arr[1]"); return "key"; } });
  const pa = new Proxy(["abc", "key"], {
    get: (t, k) => { log.push(`proxy array get ${String(k)}`); return Reflect.get(t, k); },
  });
  const coerce = {
    valueOf: () => { const v = rotate([300, 2.5, -7]); log.push(`valueOf -> ${v}`); return v; },
    toString: () => { log.push("toString"); return "key"; },
  };
  const methodOf = (name: string) => (...args: unknown[]) => { log.push(`m.${name}(${args.map(show).join(", ")})`); return rotate([0, undefined, -1, false, "x", true]); };
  const m = Object.fromEntries(METHODS.map((name) => [name, methodOf(name)]));
  return {
    log: (s: string) => { log.push(s); }, o, p, pa, arr: backing, coerce, m, z: 7, n: null, show,
    f: () => { const v = rotate(VALUES); log.push(`f() -> ${show(v)}`); return v; },
    g: (x: unknown) => { log.push(`g(${show(x)})`); return typeof x === "string" ? `${x}!` : x; },
    boom: () => { log.push("boom"); throw new RangeError("boom"); },
  };
}

/** Runs a CommonJS module body with `env` and its own globalThis; returns what run() did. */
function execute(code: string, globals: Record<string, unknown>): Behaviour {
  const log: string[] = [];
  const env = environment(log);
  const global: Record<string, unknown> = { ...globals };
  Object.defineProperty(global, "gv", { get: () => { log.push("get global gv"); return "key"; } });
  const module = { exports: {} as unknown };
  try {
    // `with` puts the fake globalThis's properties in scope as a global object would (gv is an accessor there).
    const fn = new Function("module", "exports", "env", "globalThis", "__scope", `with (__scope) { return (function () {\n${code}\n}).call(this); }`);
    fn(module, module.exports, env, global, global);
    const value = (module.exports as () => unknown)();
    return { log, outcome: `returned ${typeof value}` };
  } catch (e) {
    return { log, outcome: `threw ${message(e)}`, stack: e instanceof Error ? e.stack : undefined };
  }
}

/**
 * Instruments `source` and runs it plain and instrumented; throws, naming the program and both
 * behaviours, when they differ. Returns the number of compare sites the instrumented file has.
 */
export function checkProgram(source: string): number {
  const r = instrumentSource(source, "program.js", { moduleKind: "cjs" });
  const plain = execute(source, {});
  const rt = createRuntime(new MemorySink());
  const hooked = execute(r.code, { [MODULE_GLOBAL]: rt.moduleInit });
  const same = plain.outcome === hooked.outcome && plain.log.length === hooked.log.length && plain.log.every((l, i) => l === hooked.log[i]);
  const fromRuntime = hooked.stack !== undefined && /src\/instrument\/(runtime|compareHooks)\.ts/.test(hooked.stack.split("\n").slice(0, 3).join("\n"));
  if (!same || fromRuntime) {
    throw new Error(
      `instrumented program behaves differently${fromRuntime ? " (its error comes from the hook runtime)" : ""}\n--- program\n${source}\n--- instrumented\n${r.code}\n` +
      `--- plain: ${plain.outcome}\n${plain.log.join("\n")}\n--- instrumented: ${hooked.outcome}\n${hooked.log.join("\n")}\n${hooked.stack ?? ""}`,
    );
  }
  return r.cmpSites.length;
}

/** Checks `n` programs drawn from a seeded RNG; returns how many and how many compare sites they had. */
export function fuzzInstrumenter(n: number, seed: number): { programs: number; sites: number } {
  const rng = new Xoshiro128(seed);
  const c: Choices = { below: (k) => rng.below(k) };
  let sites = 0;
  for (let i = 0; i < n; i++) sites += checkProgram(generateProgram(c));
  return { programs: n, sites };
}

if (import.meta.main) {
  const [n = "2000", seed = "1"] = process.argv.slice(2);
  const r = fuzzInstrumenter(Number(n), Number(seed));
  console.log(`${r.programs} programs (${r.sites} compare sites): instrumented and plain behave the same`);
}
