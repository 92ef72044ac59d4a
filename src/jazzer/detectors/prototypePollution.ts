/**
 * Prototype pollution (Jazzer.js's detector of that name): a finding when an execution leaves
 * the prototype of a basic object ({}, [], "", 42, true, a function) different from how it was
 * before the first execution: a property added, removed or changed, or the prototype itself
 * replaced. The prototypes are then restored, so the next execution starts clean.
 *
 * Cost decides how: Jazzer.js compares a full snapshot of the six prototypes after every
 * execution, which on JavaScriptCore takes about 16 us (Object.getOwnPropertyNames is slow there;
 * bunfuzz runs small targets in 5-7 us). So after every execution bunfuzz checks only what the
 * common polluting assignment (`obj.__proto__[key] = value` on a plain object, the gadget of the
 * known merge/set-path bugs) creates, an enumerable property of Object.prototype: a for-in over
 * an empty object, 3-13 ns. (Per prototype, Object.keys costs 9-34 ns for Object's, Function's,
 * Number's and Boolean's and ~300 ns for Array's and String's, and so do for-ins.) The six
 * prototypes are compared in full (`changed`) every FULL_CHECK_EVERY executions. When that periodic check
 * finds a change it cannot pin on an input: it restores the prototypes, says so, and from then on
 * compares in full after every execution, so the next time an input does it, that input is the
 * finding.
 *
 * Configuration (custom hooks file): getBugDetectorConfiguration("prototype-pollution")
 * ?.addExcludedExactMatch(json) ignores a prototype whose JSON is exactly `json`, and
 * ?.instrumentAssignmentsAndVariableDeclarations() also checks `__proto__` of every assigned or
 * declared value in instrumented code (detectorRewrite.ts), which finds pollution of objects
 * other than the six at some cost per assignment.
 */
import { addDictionary, callbacks, Finding, registerAfterEachCallback, reportAndThrowFinding, reportFinding } from "../api.ts";
import { writeStderr } from "../../util/stderr.ts";

/** Executions between full comparisons of the six prototypes (~1.3 us each, so ~1.3 ns per execution). */
const FULL_CHECK_EVERY = 1024;

const BASIC: [string, () => unknown][] = [
  ["Object", () => ({})], ["Array", () => []], ["String", () => ""], ["Number", () => 42], ["Boolean", () => true], ["Function", () => () => {}],
];

/** Jazzer.js's configuration API for this detector. */
export class PrototypePollutionConfig {
  private readonly excluded: string[] = [];
  private assignments = false;

  /** Ignore a `__proto__` whose JSON.stringify is exactly `protoValue` (assignment checks only). */
  addExcludedExactMatch(protoValue: string): this {
    this.excluded.push(protoValue);
    return this;
  }

  /** Check `__proto__` of assigned and declared values in instrumented code. */
  instrumentAssignmentsAndVariableDeclarations(): this {
    this.assignments = true;
    return this;
  }

  getExcludedExactMatches(): string[] {
    return this.excluded;
  }

  getInstrumentAssignmentsAndVariableDeclarations(): boolean {
    return this.assignments;
  }
}

/** The detector's configuration, shared with getBugDetectorConfiguration("prototype-pollution"). */
export const prototypePollutionConfig = new PrototypePollutionConfig();

interface Snapshot {
  readonly name: string;
  readonly object: unknown;
  readonly proto: Record<string | symbol, unknown>;
  readonly keys: (string | symbol)[];
  /** Each key's value as a property read gives it (keys whose read throws are left out). */
  readonly readable: (string | symbol)[];
  readonly values: unknown[];
  readonly enumerable: number;
}

function read(o: Record<string | symbol, unknown>, k: string | symbol): { ok: boolean; v?: unknown } {
  try {
    return { ok: true, v: o[k] };
  } catch {
    return { ok: false }; // Function.prototype.caller and the like
  }
}

function snapshot(name: string, object: unknown): Snapshot {
  const proto = Object.getPrototypeOf(object) as Record<string | symbol, unknown>;
  const keys = Reflect.ownKeys(proto);
  const readable = keys.filter((k) => read(proto, k).ok);
  return { name, object, proto, keys, readable, values: readable.map((k) => proto[k]), enumerable: Object.keys(proto).length };
}

/**
 * Whether a prototype differs from its snapshot: replaced, an enumerable property added or
 * removed, or a property's value changed or gone. About 1.3 us for all six (property reads;
 * listing every own property name is what costs 14 us). A property added with defineProperty as
 * non-enumerable goes unseen.
 */
function changed(s: Snapshot): boolean {
  if (Object.getPrototypeOf(s.object) !== s.proto || Object.keys(s.proto).length !== s.enumerable) return true;
  const { proto, readable, values } = s;
  for (let i = 0; i < readable.length; i++) if (proto[readable[i]!] !== values[i]) return true;
  return false;
}

/** What differs between a prototype now and its snapshot, in words (only called once `changed`). */
function difference(s: Snapshot): string | undefined {
  const now = Object.getPrototypeOf(s.object);
  if (now !== s.proto) return `Different [[Prototype]]: ${String(s.proto)} vs ${String(now)}`;
  const keys = Reflect.ownKeys(s.proto);
  const show = (k: string | symbol, v: unknown) => `'${String(k)}': ${typeof v === "string" ? JSON.stringify(v) : String(v)}`;
  const added = keys.filter((k) => !s.keys.includes(k));
  if (added.length) return `Added properties: { ${added.map((k) => show(k, read(s.proto, k).v)).join(", ")} }`;
  const removed = s.keys.filter((k) => !keys.includes(k));
  if (removed.length) return `Removed properties: ${removed.map(String).join(", ")}`;
  for (let i = 0; i < s.readable.length; i++) {
    const k = s.readable[i]!;
    if (s.proto[k] !== s.values[i]) return `Changed property: ${show(k, s.proto[k])}`;
  }
  return undefined;
}

/** Puts a prototype back as its snapshot has it (added properties deleted, changed ones reset). */
function restore(s: Snapshot): void {
  try {
    if (Object.getPrototypeOf(s.object) !== s.proto) return; // a primitive's prototype cannot be swapped back
    for (const k of Reflect.ownKeys(s.proto)) if (!s.keys.includes(k)) delete s.proto[k];
    for (let i = 0; i < s.readable.length; i++) {
      const k = s.readable[i]!;
      if (s.proto[k] === s.values[i]) continue;
      const d = Object.getOwnPropertyDescriptor(s.proto, k);
      if (!d) Object.defineProperty(s.proto, k, { value: s.values[i], writable: true, configurable: true, enumerable: false });
      else if ("value" in d && d.writable) s.proto[k] = s.values[i];
    }
  } catch {
    // A frozen or exotic prototype stays as it is; the next check reports it again.
  }
}

function differences(snaps: Snapshot[]): string | undefined {
  for (const s of snaps) {
    if (!changed(s)) continue;
    return `Prototype of ${s.name} changed. ${difference(s) ?? "A property changed."}`;
  }
  return undefined;
}

/** Registers the detector: a snapshot before the first execution, the check after each, its dictionary words. */
export function installPrototypePollution(): void {
  let snaps: Snapshot[] | undefined;
  let exact = false;
  let runs = 0;
  const EMPTY = {};
  let base = 0;
  const enumerableOnObject = () => { let n = 0; for (const _ in EMPTY) n++; return n; };
  callbacks.start.push(() => {
    // Taken before the first execution and after the target's modules loaded, so what they set up is the baseline.
    snaps = BASIC.map(([n, make]) => snapshot(n, make()));
    base = enumerableOnObject();
  });
  registerAfterEachCallback(function detectPrototypePollution() {
    if (!snaps) return;
    const quick = enumerableOnObject() !== base;
    if (!quick && !exact && ++runs < FULL_CHECK_EVERY) return;
    runs = 0;
    const found = differences(snaps);
    if (found === undefined) return;
    for (const s of snaps) restore(s);
    if (quick || exact) {
      reportFinding(`Prototype Pollution\n    ${found}`, false);
      return;
    }
    exact = true;
    writeStderr(`INFO: prototype-pollution: ${found} within the last ${FULL_CHECK_EVERY} executions (not pinned on one input); prototypes restored, checked in full after every execution from now on\n`);
  });
  addDictionary('"__proto__"', '"constructor"', '"prototype"', '"constructor.prototype"');
}

/**
 * Checks `__proto__` of a value that instrumented code assigned or declared (called by rewritten
 * code when instrumentAssignmentsAndVariableDeclarations() is on): walks the prototype chain and
 * reports the first prototype whose JSON is not empty-like nor excluded.
 */
export function checkAssignedValue(value: unknown, identifier: string): void {
  let obj = value;
  while (obj !== undefined && obj !== null) {
    try {
      const json = JSON.stringify(Object.getPrototypeOf(obj));
      if (json && !["null", "{}", "[]", '""', "false", "true", "0"].includes(json) && !prototypePollutionConfig.getExcludedExactMatches().includes(json)) {
        reportAndThrowFinding(`Prototype Pollution\n    ${identifier}.__proto__ value is ${json}`);
      }
    } catch (e) {
      if (e instanceof Finding) throw e;
      return;
    }
    obj = Object.getPrototypeOf(obj);
  }
}
