/**
 * Immutable.js (pinned in package.json) as a stateful Smith target: a state of persistent
 * collections (a List, a Map, a nested Map) driven by operations, some of them bulk (hundreds to
 * thousands of elements), so a long prefix builds deep vector tries and hash array mapped tries
 * whose deeper paths only later operations reach. The state is immutable: a snapshot is the state
 * object's fields, and restoring one costs nothing, which is what -prefix_snapshots=1 needs.
 * Oracles: operations that must agree (get after set, size bookkeeping, equality of a collection
 * with its rebuilt copy); a disagreement is thrown as a finding.
 */
import { is, List, Map } from "immutable";
import { stateful, type Smith } from "bunfuzz";

export const smith = true;

interface State { list: List<number>; map: Map<number | string, number>; nested: Map<string, Map<string, number>> }

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`Immutable.js oracle: ${what}`);
}

/** A key with few distinct hashes (short strings, small ints), so maps grow collisions and deep nodes. */
function key(s: Smith): number | string {
  return s.bool() ? s.int(-64, 4096) : s.string({ ascii: true, maxLength: 3 });
}

const OPS = ["push", "pushMany", "pop", "shift", "unshift", "set", "insert", "remove", "setSize", "slice", "concat",
  "sortFilter", "batch", "mapSet", "mapMany", "mapDelete", "mapMerge", "setIn", "deleteIn", "equals"] as const;

/**
 * Largest list the operations grow: past it, growing operations do nothing. Splicing operations
 * (insert, remove) cost O(size) in Immutable.js, so an unbounded list makes single executions take
 * seconds; the bound keeps each operation cheap and a long prefix expensive only by its length.
 */
const MAX_LIST = 8192;

function step(st: State, s: Smith): void {
  const op = s.pick(OPS);
  const size = st.list.size;
  if (size >= MAX_LIST && (op === "push" || op === "pushMany" || op === "unshift" || op === "insert" || op === "concat")) return;
  switch (op) {
    case "push": st.list = st.list.push(s.int(0, 1 << 20)); break;
    case "pushMany": {
      const n = s.int(0, 1000), v = s.int(0, 255);
      st.list = st.list.withMutations((l) => { for (let i = 0; i < n; i++) l.push(i ^ v); });
      check(st.list.size === size + n, "pushMany size");
      break;
    }
    case "pop": st.list = st.list.pop(); check(st.list.size === Math.max(0, size - 1), "pop size"); break;
    case "shift": st.list = st.list.shift(); break;
    case "unshift": st.list = st.list.unshift(s.int(0, 255), s.int(0, 255)); check(st.list.size === size + 2, "unshift size"); break;
    case "set": {
      const i = s.int(-size - 2, size + 40), v = s.int(0, 1 << 20);
      st.list = st.list.set(i, v);
      if (i >= -size) check(st.list.get(i) === v, `get(${i}) after set`);
      break;
    }
    case "insert": st.list = st.list.insert(s.int(0, size + 2), s.int(0, 255)); break;
    case "remove": st.list = st.list.remove(s.int(-size - 1, size + 1)); break;
    case "setSize": {
      const n = s.int(0, MAX_LIST);
      st.list = st.list.setSize(n);
      check(st.list.size === n, "setSize");
      break;
    }
    case "slice": st.list = st.list.slice(s.int(-size, size), s.int(-size, size + 1)); break;
    case "concat": st.list = st.list.concat(st.list.take(s.int(0, 64))); break;
    case "sortFilter": {
      const m = s.int(1, 7);
      const f = st.list.take(s.int(0, 512)).filter((x) => (x ?? 0) % m !== 0).sort();
      check(f.every((x) => (x ?? 0) % m !== 0), "filter");
      break;
    }
    case "batch": {
      const n = s.int(0, 64);
      st.list = st.list.withMutations((l) => { for (let i = 0; i < n && l.size > 0; i++) l.set((i * 7919) % l.size, i); });
      break;
    }
    case "mapSet": {
      const k = key(s), v = s.int(0, 255);
      st.map = st.map.set(k, v);
      check(st.map.get(k) === v, "map get after set");
      break;
    }
    case "mapMany": {
      const n = s.int(0, 1000), base = s.int(0, 1 << 16);
      st.map = st.map.withMutations((m) => { for (let i = 0; i < n; i++) m.set(base + i * 31, i); });
      break;
    }
    case "mapDelete": {
      const k = key(s), had = st.map.has(k);
      st.map = st.map.delete(k);
      check(!st.map.has(k), "map delete");
      if (had) check(st.map.size >= 0, "map size");
      break;
    }
    case "mapMerge": st.map = st.map.merge(Map(st.list.take(s.int(0, 40)).map((v, i) => [i, v ?? 0]))); break;
    case "setIn": {
      const a = s.string({ ascii: true, maxLength: 2 }), b = s.string({ ascii: true, maxLength: 2 }), v = s.int(0, 255);
      st.nested = st.nested.setIn([a, b], v);
      check(st.nested.getIn([a, b]) === v, "getIn after setIn");
      break;
    }
    case "deleteIn": st.nested = st.nested.deleteIn([s.string({ ascii: true, maxLength: 2 }), s.string({ ascii: true, maxLength: 2 })]); break;
    case "equals": {
      const copy = List(st.list.take(s.int(0, 2048)).toArray());
      check(is(copy, st.list.take(copy.size)), "list equals its rebuilt copy");
      check(copy.hashCode() === st.list.take(copy.size).hashCode(), "hashCode of equal lists");
      break;
    }
  }
}

export const fuzz = stateful<State, State>({
  init: () => ({ list: List(), map: Map(), nested: Map() }),
  step,
  save: (st) => ({ ...st }),
  restore: (saved) => ({ ...saved }),
});
