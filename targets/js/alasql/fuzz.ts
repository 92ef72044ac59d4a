/**
 * AlaSQL (pinned in package.json), an SQL database engine in pure JavaScript, as a stateful Smith
 * target: each operation is one SQL statement built from typed values (CREATE TABLE with keys and
 * defaults, CREATE INDEX, ALTER TABLE, multi-row INSERT, UPDATE, DELETE, and SELECTs with joins,
 * grouping, ordering, set operations, subqueries and expressions over functions) on the tables the
 * earlier operations made. A prefix of schema creation and inserts is expensive: each statement is
 * parsed by AlaSQL's generated parser and compiled before it runs, about 0.5 ms a statement, and the
 * tables it fills are what the later statements query.
 *
 * Snapshot: the schema statements that succeeded and each table's rows (and identity counters).
 * Restoring one re-creates the schema on a fresh database and puts the rows back through each
 * table's own insert, which keeps its primary key, unique and index structures as an INSERT would,
 * without parsing a statement per row: far cheaper than the prefix it stands for.
 *
 * A coverage target for bench/prefixSnapshots.ts: an error AlaSQL throws is its answer to a
 * statement (most generated statements are rejected somewhere), so every error is swallowed; a
 * hang is still a finding (-timeout).
 */
import alasql from "alasql";
import { stateful, type Smith } from "bunfuzz";

export const smith = true;

/** AlaSQL's database object and the parts of a table a snapshot keeps (its types do not export them). */
interface Db {
  exec(sql: string): unknown;
  tables: Record<string, Table>;
  /** AlaSQL's per-database cache of parsed statements (hash of the SQL text -> syntax tree). */
  astCache: Record<string, unknown>;
}
type Row = Record<string, unknown>;
interface Table {
  columns: { columnid: string }[];
  data: Row[];
  /** Unique keys (primary key included): key hash -> key value -> the row holding it. */
  uniqs: Record<string, Record<string, Row | undefined>>;
  /** Indexes: index hash -> key value -> the rows holding it. */
  indices: Record<string, Record<string, Row[]>>;
  identities: Record<string, { value: number; step: number }>;
}
const Database = (alasql as unknown as { Database: new (id: string) => Db }).Database;
/** One database id, reused: a new Database of the same id replaces the last in alasql.databases, so none accumulate. */
const DB_ID = "bunfuzz";

interface State {
  db: Db;
  /** Schema statements run, in order: replayed on a fresh database by restore(). */
  ddl: string[];
  /** Table name -> its columns, as the harness knows them (to name columns that exist). */
  schema: Map<string, string[]>;
}
/** A table's contents: rows, and its key and index maps with rows named by their place in `rows` (-1: a row not in the table, kept as `stale`). */
interface SavedTable {
  name: string;
  rows: Row[];
  stale: Row[];
  uniqs: [hh: string, entries: [key: string, row: number][]][];
  indices: [hh: string, entries: [key: string, rows: number[]][]][];
  identities: [column: string, value: number][];
}
interface Saved {
  ddl: string[];
  /** The database's parsed statements: the prefix's, so the replay and the suffix parse what a plain run would. */
  astCache: Record<string, unknown>;
  schema: [string, string[]][];
  tables: SavedTable[];
}

/**
 * A table's contents, copied. Rows are copied one level deep (the statements store primitives and
 * dates, which no statement changes in place); the key and index maps name rows by position, so a
 * restore rebuilds them onto its own copies exactly as they were, duplicates and stale entries
 * included (AlaSQL lets some states arise that re-inserting the rows would reject).
 */
function saveTable(name: string, tb: Table): SavedTable {
  const at = new Map<Row, number>(), stale: Row[] = [];
  const rows = tb.data.map((r, i) => { at.set(r, i); return { ...r }; });
  const place = (r: Row): number => {
    const i = at.get(r);
    if (i !== undefined) return i;
    stale.push({ ...r });
    at.set(r, -stale.length - 1);
    return -stale.length - 1;
  };
  return {
    name, rows, stale,
    uniqs: Object.entries(tb.uniqs).map(([hh, m]) => [hh, Object.entries(m).flatMap(([k, r]) => (r ? [[k, place(r)] as [string, number]] : []))]),
    indices: Object.entries(tb.indices).map(([hh, m]) => [hh, Object.entries(m).map(([k, rs]) => [k, rs.map(place)] as [string, number[]])]),
    identities: Object.entries(tb.identities).map(([c, i]) => [c, i.value]),
  };
}

function restoreTable(saved: SavedTable, tb: Table): void {
  const rows = saved.rows.map((r) => ({ ...r })), stale = saved.stale.map((r) => ({ ...r }));
  const row = (i: number): Row => (i >= 0 ? rows[i]! : stale[-i - 2]!);
  tb.data = rows;
  for (const [hh, entries] of saved.uniqs) {
    const m: Record<string, Row | undefined> = (tb.uniqs[hh] = {});
    for (const [k, i] of entries) m[k] = row(i);
  }
  for (const [hh, entries] of saved.indices) {
    const m: Record<string, Row[]> = (tb.indices[hh] = {});
    for (const [k, is] of entries) m[k] = is.map(row);
  }
  for (const [c, v] of saved.identities) if (tb.identities[c]) tb.identities[c].value = v;
}

const TABLES = ["t0", "t1", "t2", "t3"] as const;
const COLS = ["a", "b", "c", "d", "e", "f"] as const;
const TYPES = ["INT", "NUMBER", "STRING", "BOOLEAN", "FLOAT", "MONEY", "DATE"] as const;
/** Rows a table may hold: past it, inserts do nothing, so a join or a sort costs at most this squared. */
const MAX_ROWS = 400;
const FUNCS1 = ["ABS", "UPPER", "LOWER", "LEN", "LENGTH", "ROUND", "CEIL", "FLOOR", "SQRT", "TRIM", "LTRIM", "RTRIM", "REVERSE", "SIGN", "YEAR", "MONTH", "DAY", "LN", "EXP"] as const;
const FUNCSN = ["COALESCE", "IFNULL", "CONCAT", "SUBSTRING", "REPLACE", "IIF", "GREATEST", "LEAST", "MID", "LEFT", "RIGHT", "REPLICATE", "NULLIF", "CHARINDEX"] as const;
const AGGS = ["COUNT", "SUM", "AVG", "MIN", "MAX", "FIRST", "LAST", "AGGR", "ARRAY", "MEDIAN", "STDEV", "VAR", "GROUP_CONCAT"] as const;
const BINOPS = ["+", "-", "*", "/", "%", "||", "=", "==", "<>", "!=", "<", "<=", ">", ">=", "AND", "OR", "LIKE", "NOT LIKE", "&", "|", "^"] as const;

function literal(s: Smith): string {
  switch (s.int(0, 6)) {
    case 0: return String(s.int(-1000, 1000));
    case 1: return String(s.float({ min: -1e6, max: 1e6 }));
    case 2: return `'${s.string({ ascii: true, maxLength: 8 }).replace(/[\\']/g, "")}'`;
    case 3: return "NULL";
    case 4: return s.bool() ? "TRUE" : "FALSE";
    case 5: return `'${s.int(1990, 2030)}-${String(s.int(1, 12)).padStart(2, "0")}-${String(s.int(1, 28)).padStart(2, "0")}'`;
    default: return String(s.int(0, 9));
  }
}

/** An expression over `cols` (qualified names allowed), at most `depth` levels deep. */
function expr(s: Smith, cols: readonly string[], depth: number): string {
  const k = depth <= 0 ? s.int(0, 1) : s.int(0, 9);
  switch (k) {
    case 0: return cols.length > 0 ? s.pick(cols) : literal(s);
    case 1: return literal(s);
    case 2: return `(${expr(s, cols, depth - 1)} ${s.pick(BINOPS)} ${expr(s, cols, depth - 1)})`;
    case 3: return `${s.pick(FUNCS1)}(${expr(s, cols, depth - 1)})`;
    case 4: return `${s.pick(FUNCSN)}(${expr(s, cols, depth - 1)}, ${expr(s, cols, depth - 1)}${s.bool() ? `, ${expr(s, cols, depth - 1)}` : ""})`;
    case 5: return `CASE WHEN ${expr(s, cols, depth - 1)} THEN ${expr(s, cols, depth - 1)} ELSE ${expr(s, cols, depth - 1)} END`;
    case 6: return `${expr(s, cols, depth - 1)} IS ${s.bool() ? "NOT " : ""}NULL`;
    case 7: return `${expr(s, cols, depth - 1)} ${s.bool() ? "NOT " : ""}BETWEEN ${literal(s)} AND ${literal(s)}`;
    case 8: return `${expr(s, cols, depth - 1)} ${s.bool() ? "NOT " : ""}IN (${s.array(1, 4, literal).join(", ")})`;
    default: return `CAST(${expr(s, cols, depth - 1)} AS ${s.pick(TYPES)})`;
  }
}

function table(st: State, s: Smith): string | undefined {
  const names = [...st.schema.keys()];
  return names.length > 0 ? s.pick(names) : undefined;
}

/** A SELECT over the existing tables (a join of two when they are small enough). */
function select(st: State, s: Smith, depth: number): string | undefined {
  const t = table(st, s);
  if (t === undefined) return undefined;
  let cols = st.schema.get(t)!.map((c) => `${t}.${c}`), from = t;
  const u = table(st, s);
  if (u !== undefined && u !== t && s.bool()) {
    const nt = st.db.tables[t]?.data.length ?? 0, nu = st.db.tables[u]?.data.length ?? 0;
    if (nt * nu <= 20_000) {
      const ucols = st.schema.get(u)!.map((c) => `${u}.${c}`);
      from = `${t} ${s.pick(["JOIN", "LEFT JOIN", "RIGHT JOIN", "INNER JOIN", "OUTER JOIN", "CROSS JOIN"])} ${u}`;
      if (!from.endsWith(`CROSS JOIN ${u}`)) from += ` ON ${expr(s, [...cols, ...ucols], 1)}`;
      cols = [...cols, ...ucols];
    }
  }
  const grouped = s.bool();
  const items = s.array(1, 4, (s) => {
    if (grouped && s.bool()) return `${s.pick(AGGS)}(${s.bool() ? "DISTINCT " : ""}${expr(s, cols, 1)})`;
    return expr(s, cols, 2) + (s.bool() ? ` AS x${s.int(0, 3)}` : "");
  });
  let q = `SELECT ${s.bool() ? "DISTINCT " : ""}${s.bool() ? `TOP ${s.int(0, 20)} ` : ""}${items.join(", ")} FROM ${from}`;
  if (s.bool()) q += ` WHERE ${expr(s, cols, 3)}`;
  if (depth > 0 && s.int(0, 3) === 0) q += ` AND ${s.pick(cols)} ${s.bool() ? "NOT " : ""}IN (${select(st, s, depth - 1) ?? "SELECT 1"})`;
  if (depth > 0 && s.int(0, 3) === 0) q += ` AND ${s.bool() ? "NOT " : ""}EXISTS (${select(st, s, depth - 1) ?? "SELECT 1"})`;
  if (grouped) {
    q += ` GROUP BY ${s.array(1, 2, (s) => s.pick(cols)).join(", ")}`;
    if (s.bool()) q += ` HAVING ${s.pick(AGGS)}(${s.pick(cols)}) ${s.pick(["<", ">", "=", "<>"])} ${literal(s)}`;
  }
  if (s.bool()) q += ` ORDER BY ${s.array(1, 2, (s) => `${expr(s, cols, 1)}${s.bool() ? " DESC" : ""}`).join(", ")}`;
  if (s.bool()) q += ` LIMIT ${s.int(0, 50)}${s.bool() ? ` OFFSET ${s.int(0, 20)}` : ""}`;
  return q;
}

const OPS = ["create", "index", "alter", "drop", "insert", "insert", "insert", "insertSelect", "update", "delete",
  "select", "select", "select", "setop", "aggregate", "truncate"] as const;

/** One statement; returns it with whether it changes the schema (then restore() must replay it). */
function statement(st: State, s: Smith): [sql: string, ddl: boolean] | undefined {
  const op = s.pick(OPS);
  switch (op) {
    case "create": {
      const t = s.pick(TABLES);
      const cols = COLS.slice(0, s.int(1, COLS.length));
      const defs = cols.map((c, i) => {
        let d = `${c} ${s.pick(TYPES)}`;
        if (i === 0 && s.int(0, 2) === 0) d += " PRIMARY KEY";
        else if (s.int(0, 4) === 0) d += " UNIQUE";
        if (s.int(0, 3) === 0) d += " NOT NULL";
        if (s.int(0, 3) === 0) d += ` DEFAULT ${literal(s)}`;
        if (s.int(0, 5) === 0) d += ` CHECK (${expr(s, [c], 1)})`;
        return d;
      });
      return [`CREATE TABLE ${s.bool() ? "IF NOT EXISTS " : ""}${t} (${defs.join(", ")})`, true];
    }
    case "index": {
      const t = table(st, s);
      if (t === undefined) return undefined;
      const cols = st.schema.get(t)!;
      return [`CREATE ${s.bool() ? "UNIQUE " : ""}INDEX i${s.int(0, 3)}${t} ON ${t} (${s.array(1, 2, (s) => s.pick(cols)).join(", ")})`, true];
    }
    case "alter": {
      const t = table(st, s);
      if (t === undefined) return undefined;
      if (s.bool()) return [`ALTER TABLE ${t} ADD COLUMN ${s.pick(COLS)} ${s.pick(TYPES)}`, true];
      return [`ALTER TABLE ${t} DROP COLUMN ${s.pick(st.schema.get(t)!)}`, true];
    }
    case "drop": {
      const t = table(st, s);
      return t === undefined ? undefined : [`DROP TABLE ${s.bool() ? "IF EXISTS " : ""}${t}`, true];
    }
    case "truncate": {
      const t = table(st, s);
      return t === undefined ? undefined : [`TRUNCATE TABLE ${t}`, false];
    }
    case "insert": {
      const t = table(st, s);
      if (t === undefined || (st.db.tables[t]?.data.length ?? 0) >= MAX_ROWS) return undefined;
      const cols = st.schema.get(t)!;
      const named = s.bool() ? cols.slice(0, s.int(1, cols.length)) : cols;
      const rows = s.array(1, 40, (s) => `(${named.map(() => literal(s)).join(", ")})`);
      return [`INSERT ${s.int(0, 5) === 0 ? "OR REPLACE " : ""}INTO ${t}${named === cols ? "" : ` (${named.join(", ")})`} VALUES ${rows.join(", ")}`, false];
    }
    case "insertSelect": {
      const t = table(st, s), q = select(st, s, 0);
      if (t === undefined || q === undefined || (st.db.tables[t]?.data.length ?? 0) >= MAX_ROWS) return undefined;
      return [`INSERT INTO ${t} ${q}`, false];
    }
    case "update": {
      const t = table(st, s);
      if (t === undefined) return undefined;
      const cols = st.schema.get(t)!;
      return [`UPDATE ${t} SET ${s.array(1, 2, (s) => `${s.pick(cols)} = ${expr(s, cols, 2)}`).join(", ")}${s.bool() ? ` WHERE ${expr(s, cols, 2)}` : ""}`, false];
    }
    case "delete": {
      const t = table(st, s);
      if (t === undefined) return undefined;
      return [`DELETE FROM ${t}${s.bool() ? ` WHERE ${expr(s, st.schema.get(t)!, 2)}` : ""}`, false];
    }
    case "select": {
      const q = select(st, s, 1);
      return q === undefined ? undefined : [q, false];
    }
    case "setop": {
      const a = select(st, s, 0), b = select(st, s, 0);
      if (a === undefined || b === undefined) return undefined;
      return [`${a} ${s.pick(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"])} ${b}`, false];
    }
    case "aggregate": {
      const t = table(st, s);
      if (t === undefined) return undefined;
      const cols = st.schema.get(t)!;
      return [`SELECT ${s.pick(cols)}, ${s.array(1, 3, (s) => `${s.pick(AGGS)}(${expr(s, cols, 1)})`).join(", ")} FROM ${t} GROUP BY ${s.pick(cols)}`, false];
    }
  }
}

/** The harness's view of the schema after a schema statement ran (what the database now holds). */
function learn(st: State): void {
  st.schema.clear();
  for (const [name, t] of Object.entries(st.db.tables)) {
    const cols = t.columns.map((c) => c.columnid);
    if (cols.length > 0) st.schema.set(name, cols);
  }
}

function step(st: State, s: Smith): void {
  const stmt = statement(st, s);
  if (stmt === undefined) return;
  const [sql, ddl] = stmt;
  try {
    st.db.exec(sql);
  } catch (e) {
    // AlaSQL's answer to a statement it rejects. One that does not parse changed nothing; a schema
    // statement that fails later may have changed the schema already (a table made before its
    // DEFAULT fails to compile), so it is kept for the replay.
    if (e instanceof Error && /^(?:Parse|Lexical) error/.test(e.message)) return;
  }
  if (ddl) {
    st.ddl.push(sql);
    learn(st);
  }
}

export const fuzz = stateful<State, Saved>({
  init: () => ({ db: new Database(DB_ID), ddl: [], schema: new Map() }),
  step,
  save: (st) => ({
    ddl: st.ddl.slice(),
    astCache: { ...st.db.astCache },
    schema: [...st.schema].map(([t, c]) => [t, c.slice()]),
    tables: Object.entries(st.db.tables).map(([t, tb]) => saveTable(t, tb)),
  }),
  restore(saved) {
    const db = new Database(DB_ID);
    // The prefix's parse cache, as a plain run's database holds it after the prefix: the replay
    // below then parses nothing, and a suffix statement the prefix ran is not parsed again, as in
    // a plain run. (Its compiled-statement cache is not kept: such a statement is compiled again.)
    db.astCache = { ...saved.astCache };
    // Each of these ran in this order on the prefix's database; replayed on a fresh one they
    // make the same tables (columns, keys, index definitions, checks, defaults) with their own
    // closures, and restoreTable() then puts back the contents (ALTER's row changes are in the rows).
    for (const sql of saved.ddl) {
      try {
        db.exec(sql);
      } catch {
        // failed on the prefix's database too, at the same point
      }
    }
    for (const t of saved.tables) {
      const tb = db.tables[t.name];
      if (tb) restoreTable(t, tb);
    }
    return { db, ddl: saved.ddl.slice(), schema: new Map(saved.schema.map(([t, c]) => [t, c.slice()])) };
  },
});
