import { beforeEach, describe, expect, test } from "bun:test";
import { ALLOC_BYTES_PER_WORK, ALLOC_FIXED_WORK, WORK_CEILING } from "../../src/instrument/allocWork.ts";
import { MemorySink } from "../../src/instrument/memorySink.ts";
import { clearCompareMemo, executionWork, finishExecution, installRuntime, loadedModules, nextExecution } from "../../src/instrument/runtime.ts";
import { instrumentSource } from "../../src/instrument/transform.ts";

// Instrumented code evaluated directly (as a CommonJS function body), without the plugin.

let sink: MemorySink;
let serial = 0;

beforeEach(() => {
  sink = new MemorySink();
  installRuntime(sink);
});

/**
 * The records so far. A comparison against a literal and an equality of two strings store their
 * operands, which the runtime records when the execution ends (finishExecution, also run by
 * nextExecution); ending it early records them without refilling any site's budget.
 */
function records(): MemorySink["records"] {
  finishExecution();
  return sink.records;
}

/** The records so far by site (stable): a method call's are made at once, a stored operand's at the end. */
function bySite(): MemorySink["records"] {
  return [...records()].sort((x, y) => x.site - y.site);
}

/** Instruments `body` as CommonJS and runs it with `env` as parameters; returns module.exports. */
function run(body: string, env: Record<string, unknown> = {}, key = `runtime-test-${serial++}.js`): any {
  const r = instrumentSource(body, key, { moduleKind: "cjs" });
  const module = { exports: {} as any };
  const names = Object.keys(env);
  new Function("module", "exports", ...names, r.code)(module, module.exports, ...names.map((n) => env[n]));
  return module.exports;
}

describe("compare hooks return what the operator returns", () => {
  const values: unknown[] = [0, 1, -1, 2.5, NaN, -0, "", "a", "ab", "10", "abc", null, undefined, true, [], {}, { valueOf: () => 1 }, 10n];
  const ops = ["===", "!==", "==", "!=", "<", ">", "<=", ">="];
  for (const op of ops) {
    test(op, () => {
      // x OP y between two parameters, and against a (non-byte) literal on the right.
      const m = run(`module.exports = { vv: (x, y) => x ${op} y, vl: (x) => x ${op} "abc", vn: (x) => x ${op} 1000 };`);
      for (const a of values) {
        for (const b of values) {
          let expected: unknown;
          try {
            expected = new Function("x", "y", `return x ${op} y`)(a, b);
          } catch (e) {
            expected = e instanceof Error ? e.name : e;
          }
          let got: unknown;
          try {
            got = m.vv(a, b);
          } catch (e) {
            got = e instanceof Error ? e.name : e;
          }
          expect(got).toEqual(expected);
        }
        expect(m.vl(a)).toBe(new Function("x", `return x ${op} "abc"`)(a));
        expect(m.vn(a)).toBe(new Function("x", `return x ${op} 1000`)(a));
      }
    });
  }
});

describe("compare records", () => {
  test("a failed === against a literal records both operands at the site", () => {
    const m = run(`module.exports = (s) => s === "magic-word";`);
    expect(m("nope")).toBe(false);
    expect(records()).toEqual([{ site: 0, a: "nope", b: "magic-word" }]);
    expect(m("magic-word")).toBe(true);
    expect(records().length).toBe(1);
  });

  test("a relational comparison against a number gets no hook unless value profile asks for one", () => {
    const src = `module.exports = (n, s) => [n >= 0xD800, n < 70000, s > "mm"];`;
    expect(instrumentSource(src, "rel.js").cmpSites.map((c) => c.kind)).toEqual([">"]);
    expect(instrumentSource(src, "rel.js", { byteCompares: true }).cmpSites.map((c) => c.kind)).toEqual([">=", "<", ">"]);
  });

  test("integers go to recordInts, other numbers to recordBytes as text", () => {
    const m = run(`module.exports = (n) => n === 31337 || n == 2.5e9;`);
    m(7);
    expect(records()).toEqual([{ site: 0, a: 7, b: 31337 }, { site: 1, a: 7, b: 2.5e9 }]);
    sink.reset();
    nextExecution();
    m(1.5);
    expect(records()).toEqual([{ site: 0, a: "1.5", b: "31337" }, { site: 1, a: "1.5", b: "2500000000" }]);
  });

  test("a failed startsWith records the prefix and the needle; endsWith the suffix", () => {
    const m = run(`module.exports = { s: (x) => x.startsWith("HEADER"), e: (x) => x.endsWith(".json") };`);
    expect(m.s("HEAP-data")).toBe(false);
    expect(m.e("file.txt")).toBe(false);
    expect(records()).toEqual([{ site: 0, a: "HEAP-d", b: "HEADER" }, { site: 1, a: "e.txt", b: ".json" }]);
    expect(m.s("HEADER!")).toBe(true);
    expect(records().length).toBe(2);
  });

  test("includes and indexOf record haystack and needle; arrays one element per miss, in turn", () => {
    const m = run(`module.exports = { i: (h, n) => h.includes(n), o: (h, n) => h.indexOf(n) };`);
    expect(m.i("some text", "needle")).toBe(false);
    expect(m.o(["alpha", "beta"], "gamma")).toBe(-1);
    expect(m.o(["alpha", "beta"], "beta")).toBe(1);
    expect(m.o(["alpha", "beta"], "delta")).toBe(-1);
    expect(m.o(["alpha", "beta"], "gamma")).toBe(-1);
    expect(records()).toEqual([
      { site: 0, a: "some text", b: "needle" },
      { site: 1, a: "alpha", b: "gamma" },
      { site: 1, a: "beta", b: "delta" },
      { site: 1, a: "alpha", b: "gamma" },
    ]);
  });

  test("a switch records the discriminant against each literal case when none matches", () => {
    const m = run(`module.exports = (k) => { switch (k) { case "load": return 1; case "store": return 2; case 4096: return 3; default: return 0; } };`);
    expect(m("store")).toBe(2);
    expect(records()).toEqual([]);
    expect(m("lead")).toBe(0);
    expect(records()).toEqual([{ site: 0, a: "lead", b: "load" }, { site: 1, a: "lead", b: "store" }]);
  });

  test("equality of two non-literals records strings only, and not two single characters", () => {
    const m = run(`module.exports = (a, b) => a === b;`);
    m("key", "kez");
    m(1234, 4321);
    m("x", "y");
    expect(records()).toEqual([{ site: 0, a: "key", b: "kez" }]);
  });

  test("a site does not record the same operands twice until the memo is cleared", () => {
    const m = run(`module.exports = (s) => s === "expected";`);
    m("other");
    nextExecution();
    m("other");
    expect(records().length).toBe(1);
    clearCompareMemo();
    nextExecution();
    m("other");
    expect(records().length).toBe(2);
  });

  test("a site whose calls record nothing new rests for 1, 2, 4 ... executions, and a new record ends its rests", () => {
    const m = run(`module.exports = (s) => s === "expected";`);
    const recorded = (s: string) => { nextExecution(); const n = records().length; m(s); return records().length > n; };
    expect(recorded("other")).toBe(true);
    expect(recorded("other")).toBe(false); // rests for this execution (2^0)
    expect(recorded("other")).toBe(false); // called again, rests for this one and the next (2^1)
    expect(recorded("changed")).toBe(false); // resting: not called
    expect(recorded("changed")).toBe(true);
    expect(recorded("again")).toBe(true);
    for (let i = 0; i < 100; i++) m("again");
    expect(records().length).toBe(3);
  });

  test("a comparison against a literal records once per execution; a method call or two computed strings up to 8 times", () => {
    const m = run(`module.exports = (xs, f) => xs.map((x) => [x === "keyword", f(x) === 4096, x.includes("needle"), x !== f("kw")]);`);
    const xs = Array.from({ length: 10 }, (_, i) => `w${i}`);
    m(xs, (x: string) => x);
    expect(records().filter((r) => r.site === 0).map((r) => r.a)).toEqual(["w0"]);
    for (const site of [2, 3]) expect(records().filter((r) => r.site === site).map((r) => r.a)).toEqual(xs.slice(0, 8));
    nextExecution();
    sink.reset();
    m(["100", "101"], (x: string) => Number(x));
    expect(records().filter((r) => r.site === 1)).toEqual([{ site: 1, a: 100, b: 4096 }]);
    nextExecution();
    sink.reset();
    m(["d4", "e5"], (x: string) => x);
    expect(bySite().filter((r) => r.site !== 1).map((r) => r.a)).toEqual(["d4", "d4", "e5", "d4", "e5"]);
  });

  test("site ids are global: a second file's sites start after the first file's", () => {
    const a = run(`module.exports = (s) => s === "one" || s === "two";`);
    const b = run(`module.exports = (s) => s === "three";`);
    a("x");
    b("x");
    expect(records().map((r) => r.site)).toEqual([0, 1, 2]);
    expect(loadedModules().map((m) => [m.siteBase, m.sites])).toEqual([[0, 2], [2, 1]]);
  });
});

describe("evaluation order, this, and single evaluation", () => {
  test("operands run once each, left to right", () => {
    const log: string[] = [];
    const m = run(`module.exports = () => [f("a") === f("bb"), f("c") < f("dd"), f("e").startsWith(f("ff"))];`, {
      f: (x: string) => (log.push(x), x),
    });
    expect(m()).toEqual([false, true, false]);
    expect(log).toEqual(["a", "bb", "c", "dd", "e", "ff"]);
  });

  test("a getter or Proxy operand of a failed comparison is read once; its value is recorded", () => {
    const reads: string[] = [];
    const o = { get k() { reads.push("k"); return "kez"; } };
    const p = new Proxy({}, { get: (_, key) => { reads.push(`proxy ${String(key)}`); return "valuf"; } });
    const m = run(`module.exports = (o, p) => [o.k === "key", p.v !== "value", o.k.startsWith("key")];`);
    expect(m(o, p)).toEqual([false, true, false]);
    expect(reads).toEqual(["k", "proxy v", "k"]);
    expect(bySite()).toEqual([{ site: 0, a: "kez", b: "key" }, { site: 1, a: "valuf", b: "value" }, { site: 2, a: "kez", b: "key" }]);
  });

  test("a failed search of a Proxy array or an array with a getter element runs no trap and no getter", () => {
    const reads: string[] = [];
    const pa = new Proxy(["alpha", "beta"], { get: (t, k) => { reads.push(String(k)); return Reflect.get(t, k); } });
    const arr = ["alpha", "beta"];
    Object.defineProperty(arr, 1, { get: () => { reads.push("arr[1]"); return "beta"; } });
    const m = run(`module.exports = (a, x) => a.includes(x);`);
    expect(m(pa, "gamma")).toBe(false);
    const plainReads = reads.splice(0);
    expect(plainReads).toContain("includes");
    nextExecution(); // the Proxy recorded nothing, so the site rests for the rest of that execution
    expect(m(arr, "gamma")).toBe(false);
    expect(reads).toEqual(["arr[1]"]); // the search's own read; the hook reads only element 0, a data property
    expect(records()).toEqual([{ site: 0, a: "alpha", b: "gamma" }]);
  });

  test("a hooked method on a value without it throws from the target's code, as plain code does", () => {
    const m = run(`module.exports = (s, o) => [s.startsWith("abc"), o.g.includes("abc")];`);
    let thrown: Error | undefined;
    try { m(42, {}); } catch (e) { thrown = e as Error; }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown!.message).toStartWith("s.startsWith is not a function");
    expect(thrown!.stack!.split("\n")[1]).not.toContain("src/instrument/");
    try { m("abc", {}); } catch (e) { thrown = e as Error; }
    expect(thrown!.message).toContain("is not an object");
    expect(thrown!.stack!.split("\n")[1]).not.toContain("src/instrument/");
  });

  test("a hooked method call keeps its receiver as this and runs once", () => {
    const calls: unknown[] = [];
    const recv = { includes(this: unknown, x: unknown) { calls.push([this, x]); return "custom"; } };
    const m = run(`module.exports = (o) => o.includes("abc");`);
    expect(m(recv)).toBe("custom");
    expect(calls).toEqual([[recv, "abc"]]);
  });

  test("a receiver's own method keeps a falsy result that is not the built-in miss value", () => {
    const m = run(`module.exports = (o, x) => [o.includes(x), o.startsWith("abc"), o.indexOf(x)];`);
    const recv = { includes: () => 0, startsWith: () => "", indexOf: () => null };
    expect(m(recv, "k")).toEqual([0, "", null]);
    expect(m("text", "zz")).toEqual([false, false, -1]);
    expect(records().length).toBeGreaterThan(0);
  });

  test("calls and compares kept inline (re-readable operands) run each argument once and return the plain result", () => {
    const src = `module.exports = (h, n, a) => { let i = 0; const r = [h.indexOf(n, i++), h.includes(n, i++), h.startsWith(n), a[i] === "word", a[i - 1] !== n]; return [r, i]; };`;
    expect(instrumentSource(src, "inline.js").code).toContain("__bf_iom(h,n,");
    const m = run(src);
    for (const [h, n, a] of [["haystack", "st", ["x", "word"]], ["abc", "zz", ["zz", "w"]], [["p", "q"], "q", ["q", "word"]]] as const) {
      const plain = new Function("h", "n", "a", src.slice(src.indexOf("{") + 1, src.lastIndexOf("}")));
      let got: unknown, expected: unknown;
      try { expected = plain(h, n, a); } catch (e) { expected = (e as Error).name; }
      try { got = m(h, n, a); } catch (e) { got = (e as Error).name; }
      expect(got).toEqual(expected);
    }
    clearCompareMemo();
    nextExecution();
    sink.reset();
    m("abc", "zz", ["p", "q", "wort"]);
    expect(bySite()).toEqual([{ site: 0, a: "abc", b: "zz" }, { site: 1, a: "abc", b: "zz" }, { site: 2, a: "ab", b: "zz" }, { site: 3, a: "wort", b: "word" }, { site: 4, a: "q", b: "zz" }]);
  });

  test("|| and && in tests (branch, loop, ternary, !) decide as the plain code, run each operand once, and mark which operand was true", () => {
    const src = `module.exports = (f, a, b, c) => { const r = []; if (f(a) || f(b) && f(c) || f(c)) r.push(1); else r.push(2); let n = 0; while (n < 3 && (f(a) || f(b))) n++; r.push(n, !(f(a) || f(b)) ? f(c) || f(a) : f(b), f(a) || f(b) ? "t" : "f"); return r; };`;
    const m = run(src, {}, "or-true.js");
    const plain = new Function("f", "a", "b", "c", src.slice(src.indexOf("{") + 1, src.lastIndexOf("}")));
    const values = [0, 1, "", "s", null, undefined, NaN, [], {}];
    for (const a of values) for (const b of values) for (const c of [0, "x"]) {
      const got: unknown[] = [], expected: unknown[] = [];
      const res = m((v: unknown) => (got.push(v), v), a, b, c);
      const exp = plain((v: unknown) => (expected.push(v), v), a, b, c);
      expect(res).toEqual(exp);
      expect(got).toEqual(expected);
    }
    const counters = sink.counters.get("or-true.js")!;
    const sites = instrumentSource(src, "or-true.js").sites;
    const orTrue = sites.filter((s) => s.kind === "or-true").map((s) => s.id);
    expect(orTrue.length).toBe(5); // two in the if's chain, one each in the while, the ! and the ternary's test
    counters.fill(0);
    m((v: unknown) => v, 0, 0, 0); // every || chain false: no operand was true
    expect(orTrue.map((id) => counters[id])).toEqual([0, 0, 0, 0, 0]);
    m((v: unknown) => v, 1, 0, 0);
    expect(orTrue.some((id) => counters[id] === 1)).toBe(true);
  });

  test("a method that throws still throws the same error", () => {
    const m = run(`module.exports = (o) => o.startsWith("abc");`);
    expect(() => m(null)).toThrow(TypeError);
    expect(() => m({})).toThrow(TypeError);
  });
});

describe("counters", () => {
  test("probes count the branches taken", () => {
    const m = run(`module.exports = (x) => { x = +x; if (x > 1000) { return "big"; } return x ? "some" : "none"; };`, {}, "probe-test.js");
    const counters = sink.counters.get("probe-test.js")!;
    expect(counters.length).toBe(5); // function, if, implicit else, two ternary arms
    m(5000);
    expect([...counters]).toEqual([1, 1, 0, 0, 0]);
    m(0);
    expect([...counters]).toEqual([1, 1, 1, 0, 1]);
  });

  test("a body that starts with an if or a conditional has no probe of its own: their arms cover it", () => {
    const m = run(`module.exports = (x) => { for (const c of x) { if (c === 1) continue; } return x.length ? "some" : "none"; };`, {}, "pruned.js");
    const counters = sink.counters.get("pruned.js")!;
    expect(counters.length).toBe(5); // function, if, implicit else, two ternary arms; no loop-body probe
    m([]);
    expect([...counters]).toEqual([1, 0, 0, 0, 1]);
    m([1, 2]);
    expect([...counters]).toEqual([1, 1, 1, 1, 1]);
  });

  test("counters are allocated once per file key even when the module loads twice", () => {
    const code = `module.exports = () => 1;`;
    run(code, {}, "twice.js")();
    const first = sink.counters.get("twice.js");
    run(code, {}, "twice.js")();
    expect(sink.allocations).toBe(1);
    expect(sink.counters.get("twice.js")).toBe(first!);
    expect(loadedModules().filter((m) => m.fileKey === "twice.js").length).toBe(1);
  });

  test("a probes-only copy and a traced copy of a file (-js_cmp_every) share its counters; the traced one records", () => {
    const code = `module.exports = (s) => s === "magicword" ? 1 : 2;`;
    const key = "copies.js";
    const plainCopy = instrumentSource(code, key, { moduleKind: "cjs", compareHooks: false });
    const tracedCopy = instrumentSource(code, key, { moduleKind: "cjs", compareHooks: true });
    expect(tracedCopy.probes).toBe(plainCopy.probes);
    const load = (c: string) => {
      const module = { exports: {} as any };
      new Function("module", "exports", c)(module, module.exports);
      return module.exports;
    };
    const ordinary = load(plainCopy.code), traced = load(tracedCopy.code);
    const counters = sink.counters.get(key)!;
    nextExecution();
    ordinary("x");
    expect(records()).toEqual([]);
    expect(counters.some((c) => c > 0)).toBe(true);
    counters.fill(0);
    nextExecution();
    traced("y");
    expect(records().flatMap((r) => [r.a, r.b])).toContain("magicword");
    expect(counters.some((c) => c > 0)).toBe(true);
    expect(sink.allocations).toBe(1);
    expect(loadedModules().filter((m) => m.fileKey === key).map((m) => m.sites)).toEqual([tracedCopy.cmpSites.length]);
  });

  test("the same key with a different probe count is an error that names the file", () => {
    run(`module.exports = () => 1;`, {}, "changed.js");
    expect(() => run(`module.exports = (x) => x ? 1 : 2;`, {}, "changed.js")).toThrow(/changed\.js was loaded twice with different content/);
  });
});

describe("work", () => {
  test("an execution's work is its loop iterations, zeroed by nextExecution", () => {
    const m = run(`const step = (x) => x + 1; module.exports = (n) => { let s = 0; for (let i = 0; i < n; i++) s = step(s); while (s > 0) { if (s > 5) s -= 10; else s -= 1; } return s; };`);
    nextExecution();
    m(3);
    expect(executionWork()).toBe(3 + 3); // 3 for iterations, 3 while iterations (a body led by an if counts too)
    nextExecution();
    expect(executionWork()).toBe(0);
    m(1000);
    expect(executionWork()).toBe(1000 + 100);
  });

  // Allocations of built-ins add ALLOC_FIXED_WORK + bytes / ALLOC_BYTES_PER_WORK (allocWork.ts).
  const F = ALLOC_FIXED_WORK, K = ALLOC_BYTES_PER_WORK;
  const workOf = (f: () => unknown): number => {
    nextExecution();
    f();
    return executionWork();
  };

  test("a typed array, ArrayBuffer, Buffer or Array allocated with a length adds its bytes' work", () => {
    const m = run(`module.exports = {
      u8: (n) => new Uint8Array(n), i32: (n) => new Int32Array(n), f64: (n) => new Float64Array(n), ab: (n) => new ArrayBuffer(n),
      buf: (n) => Buffer.alloc(n), unsafe: (n) => Buffer.allocUnsafe(n), arr: (n) => new Array(n), arrCall: (n) => Array(n),
      lit: () => new Int32Array(64), elements: (a, b) => new Array(a, b), copy: (x) => new Uint8Array(x), none: () => new Uint8Array(),
    };`, { Buffer });
    expect(workOf(() => m.u8(6400))).toBe(F + 6400 / K);
    expect(workOf(() => m.i32(1600))).toBe(F + 6400 / K);
    expect(workOf(() => m.f64(800))).toBe(F + 6400 / K);
    expect(workOf(() => m.ab(6400))).toBe(F + 6400 / K);
    expect(workOf(() => m.buf(6400))).toBe(F + 6400 / K);
    expect(workOf(() => m.arr(800))).toBe(F + 6400 / K);
    expect(workOf(() => m.arrCall(800))).toBe(F + 6400 / K);
    expect(workOf(() => m.lit())).toBe(F + 256 / K);
    expect(workOf(() => m.u8(100))).toBe(Math.floor(F + 100 / K)); // fractions truncate per allocation
    // Not zeroed: its bytes cost next to nothing. Two arguments list elements; none allocates nothing.
    expect(workOf(() => m.unsafe(6400))).toBe(F);
    expect(workOf(() => m.elements(5, 6))).toBe(0);
    expect(workOf(() => m.none())).toBe(0);
    // A buffer or array to copy counts only the fixed work: its length could be target code.
    expect(workOf(() => m.copy(new Uint8Array(6400)))).toBe(F);
  });

  test("the length is evaluated once, and what the allocation throws is thrown as without instrumentation", () => {
    let reads = 0;
    const m = run(`module.exports = (o) => new Uint8Array(o.n);`);
    const o = { get n() { reads++; return 640; } };
    expect(workOf(() => m(o))).toBe(F + 10);
    expect(reads).toBe(1);
    const plain = (n: unknown) => { try { new Uint8Array(n as number); } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; } return "ok"; };
    const instrumented = (n: unknown) => { try { m({ n }); } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; } return "ok"; };
    for (const n of [-1, 1.5, 2 ** 53, Number.NaN, "12", null]) expect(instrumented(n)).toBe(plain(n));
    // Negative, NaN and non-number lengths count the fixed work only.
    expect(workOf(() => instrumented(-1))).toBe(F);
    expect(workOf(() => instrumented(Number.NaN))).toBe(F);
  });

  test("a huge length saturates the 32-bit work counter at WORK_CEILING instead of wrapping it", () => {
    const m = run(`module.exports = { alloc: (n) => { try { new Float64Array(n); } catch {} }, loop: (n) => { for (let i = 0; i < n; i++); } };`);
    nextExecution();
    m.alloc(2 ** 40); // throws RangeError, counted first
    expect(executionWork()).toBe(WORK_CEILING);
    m.alloc(2 ** 40);
    m.alloc(Infinity);
    expect(executionWork()).toBe(WORK_CEILING);
    m.loop(1000); // iterations after it still count
    expect(executionWork()).toBe(WORK_CEILING + 1000);
    m.alloc(64);
    expect(executionWork()).toBe(WORK_CEILING + 1000); // above the ceiling, an allocation leaves it
  });
});
