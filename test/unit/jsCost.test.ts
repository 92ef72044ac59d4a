/**
 * The entropic schedule's cost scaling on a JS target: an input's cost is the loop iterations of
 * instrumented code its admitting run made, plus the engine's own cost per JS execution in that
 * unit (JS_EXEC_OVERHEAD_WORK), so a cheap input gets more picks than one that decodes an image.
 */
import { beforeEach, expect, test } from "bun:test";
import { Corpus, EXEC_OVERHEAD_WORK, JS_EXEC_OVERHEAD_WORK } from "../../src/corpus/corpus.ts";
import { MemorySink } from "../../src/instrument/memorySink.ts";
import { executionWork, installRuntime, nextExecution } from "../../src/instrument/runtime.ts";
import { instrumentSource } from "../../src/instrument/transform.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";
import { EntropicScheduler } from "../../src/schedulers/entropic.ts";

beforeEach(() => installRuntime(new MemorySink()));

/**
 * A decoder shaped like jpeg-js's costs: a file that is not an image stops at its header (1-2
 * iterations); an image of w x h (bytes 1 and 2) is decoded pixel by pixel.
 */
const DECODER = `module.exports = (d) => {
  let n = 0;
  for (let i = 0; i < d.length && i < 2; i++) n += d[i];
  if (d[0] !== 0xd8) return n;
  for (let y = 0; y < d[2]; y++) for (let x = 0; x < d[1]; x++) n += (x * y) & 7;
  return n;
};`;

function load(): (d: Uint8Array) => number {
  const module = { exports: {} as any };
  new Function("module", "exports", instrumentSource(DECODER, "js-cost-decoder.js", { moduleKind: "cjs" }).code)(module, module.exports);
  return module.exports;
}

/** Work of one run of `decode` on `d`, as the JS executor reads it. */
function workOf(decode: (d: Uint8Array) => number, d: Uint8Array): number {
  nextExecution();
  decode(d);
  return executionWork();
}

/** Pick shares of corpus inputs with these works (alike otherwise), with the engine's overhead `over`. */
function shares(works: number[], over: number): number[] {
  const corpus = new Corpus(over);
  const freq = new Uint16Array(1024), flags = new Uint8Array(1024);
  const s = new EntropicScheduler(corpus, freq, flags, true);
  s.newFeatures(Uint32Array.from(works, (_, i) => 8 * (i + 1)), works.length);
  const ts = works.map((w, i) => corpus.add(Uint8Array.of(i), Uint32Array.of(8 * (i + 1)), 0, Uint32Array.of(8 * (i + 1)), w));
  for (const t of ts) s.added(t);
  for (let i = 0; i < 10; i++) for (const t of ts) s.executed(t, new Uint32Array(0), 0);
  const rng = new Xoshiro128(3), c = new Array(works.length).fill(0);
  for (let i = 0; i < 20_000; i++) c[s.pick(rng).index]++;
  return c.map((x) => x / 20_000);
}

test("a JS input that stops at its header gets several times the picks of one that decodes an image", () => {
  const decode = load();
  const notImage = workOf(decode, Uint8Array.of(0x89, 0x50, 40, 40)), image = workOf(decode, Uint8Array.of(0xd8, 40, 40));
  expect(notImage).toBe(2);
  expect(image).toBe(2 + 40 + 40 * 40);
  // Two of each, costs 202 and 1842 against an average of 1022: x3 and x0.75 (libFuzzer's tiers).
  const [cheap, , dear] = shares([notImage, notImage, image, image], JS_EXEC_OVERHEAD_WORK);
  expect(cheap! / dear!).toBeGreaterThan(3.5);
  // With the native engine's overhead (1000 compare callbacks) both look about as dear (x1 and x0.75).
  const [cheapN, , dearN] = shares([notImage, notImage, image, image], EXEC_OVERHEAD_WORK);
  expect(cheapN! / dearN!).toBeLessThan(1.5);
});
