import { literalValue, unparen, type Node } from "./ast.ts";
import type { Edits } from "./edits.ts";
import { ALLOC_LENGTH_VAR, WORK_SUM_VAR, WORK_VAR } from "./hooks.ts";

/**
 * The work of allocating built-ins (README "Work"): a typed array, ArrayBuffer, Buffer or Array
 * made with a length costs time no loop of the target counts (the object, zero-filling its bytes,
 * the collector), so its site adds ALLOC_FIXED_WORK + bytes / ALLOC_BYTES_PER_WORK to the work
 * counter, in loop iterations. Counted from the length argument the program passes, without a
 * clock, so seeded runs repeat.
 */

/**
 * Work of one allocation apart from its bytes, in loop iterations: an allocation of 16-64 bytes
 * measured 17-81 ns (typed arrays, Buffer.alloc, Array; median about 35 ns), a loop iteration of
 * jpeg-js 8 ns (median over 1,116 inputs that counted over 1,000). bench/results/js.md.
 */
export const ALLOC_FIXED_WORK = 4;

/**
 * Bytes whose allocation costs one loop iteration: 0.13-0.47 ns per byte for 256 B-4 KB typed arrays,
 * 0.001-0.32 for 16 KB-4 MB (fresh pages come zeroed; their first writes pay later), 8 ns per
 * iteration. 64 is the value that fitted the measured allocations best over all sizes together
 * (median error of the prediction about 0); it overcounts the largest buffers, undercounts the
 * middle ones by up to 2x. bench/results/js.md.
 */
export const ALLOC_BYTES_PER_WORK = 64;

/**
 * The most an allocation leaves in the work counter (a Uint32Array, whose stores wrap modulo 2^32):
 * an allocation sets it to min(count + work, WORK_CEILING), or leaves it where loop iterations alone
 * took it above that. No length, however large, wraps it to a small number, and loop iterations after
 * a saturating allocation have 2^31 more before the counter wraps (seconds of looping even at 1 ns
 * an iteration).
 */
export const WORK_CEILING = 2 ** 31;

/** Bytes per element of the constructors whose `new C(length)` is counted (a global's name). */
const CONSTRUCTORS: Readonly<Record<string, number>> = {
  Int8Array: 1, Uint8Array: 1, Uint8ClampedArray: 1, Int16Array: 2, Uint16Array: 2, Float16Array: 2,
  Int32Array: 4, Uint32Array: 4, Float32Array: 4, Float64Array: 8, BigInt64Array: 8, BigUint64Array: 8,
  ArrayBuffer: 1, SharedArrayBuffer: 1,
  // A JSValue per element; `Array(a, b)` lists its elements instead (one argument only, allocation()).
  Array: 8,
};

/**
 * Bytes per element counted for `Buffer.<method>(size)`. allocUnsafe's bytes are not zeroed (16 KB-4
 * MB measured 0.001-0.10 ns per byte): only its fixed work.
 */
const BUFFER_METHODS: Readonly<Record<string, number>> = { alloc: 1, allocUnsafe: 0, allocUnsafeSlow: 0 };

/**
 * Bytes per element of the allocation `node` makes from its first argument, or undefined when it
 * is not one: `new C(n)` or `C(n)` for C in CONSTRUCTORS (a call only for Array: a typed array
 * without `new` throws), `Buffer.alloc(n)` and its unsafe forms. Matched by name, bound or not:
 * counting changes no behaviour, and a file that names its own class `Uint8Array` is rarer than one
 * that binds `Buffer` to `require("buffer").Buffer`.
 */
function bytesPerElement(node: Node): number | undefined {
  const callee = unparen(node.callee as Node);
  if (callee.type === "Identifier") {
    const e = CONSTRUCTORS[callee.name as string];
    if (e === undefined || (node.type === "CallExpression" && callee.name !== "Array")) return undefined;
    return callee.name === "Array" && (node.arguments as Node[]).length !== 1 ? undefined : e;
  }
  if (node.type === "CallExpression" && callee.type === "MemberExpression" && !callee.computed && unparen(callee.object as Node).type === "Identifier" &&
    unparen(callee.object as Node).name === "Buffer" && callee.property.type === "Identifier") {
    return Object.hasOwn(BUFFER_METHODS, callee.property.name) ? BUFFER_METHODS[callee.property.name] : undefined;
  }
  return undefined;
}

/**
 * Counts the work of the allocation `node` (a NewExpression or CallExpression already walked), if
 * it is one with a first argument that is not a spread. The argument is evaluated once, where it
 * was: a numeric literal's work is a constant, `new Int32Array((__bf_w[0]+=8,64))`; any other
 * argument is held, `new Uint8Array((__bf_l=n,__bf_w[0]=(__bf_t=__bf_w[0]+(typeof __bf_l!=="number"||!(__bf_l>0)?4:4+__bf_l*0.015625))<2147483648?__bf_t:__bf_w[0]>2147483648?__bf_w[0]:2147483648,__bf_l))`.
 * A non-number argument (an array or buffer to copy, an ArrayBuffer to view) counts the fixed
 * work only: its length could be a getter or a Proxy trap, target code the count must not run.
 * `useTemp` declares a temporary in the enclosing function (CompareEmitter.useTemp).
 */
export function allocation(node: Node, edits: Edits, useTemp: (name: string) => void): void {
  const perElement = bytesPerElement(node);
  const arg = (node.arguments as Node[])[0];
  if (perElement === undefined || !arg || arg.type === "SpreadElement") return;
  const weight = perElement / ALLOC_BYTES_PER_WORK;
  const w = `${WORK_VAR}[0]`, t = WORK_SUM_VAR, l = ALLOC_LENGTH_VAR;
  const saturated = (work: string) => {
    useTemp(t);
    return `${w}=(${t}=${w}+${work})<${WORK_CEILING}?${t}:${w}>${WORK_CEILING}?${w}:${WORK_CEILING}`;
  };
  const u = unparen(arg);
  // A constant: a numeric literal, a literal array or object (copied: fixed work), or no bytes counted.
  const value = literalValue(arg);
  if (weight === 0 || typeof value === "number" || u.type === "ArrayExpression" || u.type === "ObjectExpression" || u.type === "Literal") {
    const n = weight > 0 && typeof value === "number" && value > 0 ? value : 0;
    const work = Math.floor(ALLOC_FIXED_WORK + n * weight);
    // A small constant adds as a loop iteration does; a large one saturates (WORK_CEILING).
    edits.insertRight(arg.start, `(${work < 2 ** 16 ? `${w}+=${work}` : saturated(String(Math.min(work, WORK_CEILING)))},`);
    edits.insertLeft(arg.end, ")");
    return;
  }
  useTemp(l);
  const work = `(typeof ${l}!=="number"||!(${l}>0)?${ALLOC_FIXED_WORK}:${ALLOC_FIXED_WORK}+${l}*${weight})`;
  edits.insertRight(arg.start, `(${l}=`);
  edits.insertLeft(arg.end, `,${saturated(work)},${l})`);
}
