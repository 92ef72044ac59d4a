/**
 * The report pieces on their own: lcov text, JS line marking from probe regions, the time series
 * file, the chart helpers, the status screen, the progress listener and libFuzzer's corpus stats.
 */
import { describe, expect, test } from "bun:test";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Snapshot } from "../../src/engine/progress.ts";
import { printCorpusStats } from "../../src/engine/finalStats.ts";
import { instrumentSource } from "../../src/instrument/transform.ts";
import { addJs } from "../../src/report/jsProbes.ts";
import { lcovText } from "../../src/report/lcov.ts";
import { CoverageBuilder, percent, type FileCoverage } from "../../src/report/model.ts";
import { renderScreen } from "../../src/report/statusScreen.ts";
import { formatDuration, lineChart, niceStep, timeStep } from "../../src/report/svgChart.ts";
import { appendFindingRow, readSeries, rowInterval, SeriesWriter, type SeriesRow } from "../../src/report/timeSeries.ts";
import { ProgressListener } from "../../src/runner/progressListener.ts";
import { tempDir } from "../helpers/cli.ts";

function snap(o: Partial<Snapshot> = {}): Snapshot {
  return { elapsed: 0, newUnits: 0, execs: 0, cov: 10, ft: 20, corpusSize: 3, corpusBytes: 30, lim: 4, execPerSec: 100, rssMb: 40, ...o };
}

function row(elapsed: number, execs: number, o: Partial<SeriesRow> = {}): SeriesRow {
  return { elapsed, execs, execsPerSec: 10, edges: 5, features: 7, corpusSize: 2, corpusBytes: 9, newUnits: 1, findings: 0, unixTime: 1.7e9, ...o };
}

describe("lcov", () => {
  test("records, unique function names, '-' for branches on lines that never ran", () => {
    const f: FileCoverage = {
      path: "/src/a.c", origin: "native", lines: new Map([[3, 2], [7, 0]]),
      branches: [{ line: 3, hits: 2, kind: "edge" }, { line: 3, hits: 0, kind: "edge" }, { line: 7, hits: 0, kind: "edge" }],
      functions: [{ name: "get", line: 2, hits: 2 }, { name: "get", line: 6, hits: 0 }],
    };
    expect(lcovText([f])).toBe([
      "TN:bunfuzz", "SF:/src/a.c", "FN:2,get", "FN:6,get:6", "FNDA:2,get", "FNDA:0,get:6", "FNF:2", "FNH:1",
      "BRDA:3,0,0,2", "BRDA:3,0,1,0", "BRDA:7,0,0,-", "BRF:3", "BRH:1", "DA:3,2", "DA:7,0", "LF:2", "LH:1", "end_of_record", "",
    ].join("\n"));
    expect(percent({ covered: 2, total: 3 })).toBe("66.6%");
    expect(percent({ covered: 0, total: 0 })).toBe("-");
  });
});

describe("JS lines from probe regions", () => {
  test("each line goes to the innermost region holding all its code", () => {
    const src = [
      "export function f(a) {", //           1  function region
      "  const x = a + 1;", //               2  function
      "  if (x > 2) {", //                   3  function (the test runs whenever f does)
      "    g(x);", //                        4  if arm
      "  } else {", //                       5  function
      "    h(x);", //                        6  else arm
      "  }", //                              7  (no code)
      "  for (const c of a) {", //           8  function
      "    const y = c;", //                 9  loop body, which has no probe: its if's arms cover it
      "    if (y) k(); else m();", //        10 loop body
      "  }", //                              11
      "}", //                                12
      "export const top = 1;", //            13 module top level: no region
    ].join("\n");
    const dir = tempDir();
    const path = join(dir, "f.js");
    writeFileSync(path, src);
    const r = instrumentSource(src, path);
    const id = (kind: string, line: number) => r.sites.find((s) => s.kind === kind && s.line === line)!.id;
    const hits = new Array(r.probes).fill(0);
    hits[id("function", 1)] = 5;
    hits[id("if", 3)] = 2; // the if arm ran for 2 inputs, the else arm for none
    hits[id("if", 10)] = 1; // the loop body ran (through its if's first arm)
    const b = new CoverageBuilder();
    addJs(b, [{ path, firstEdge: 0, sites: r.sites, regions: r.regions }], hits);
    const [file] = b.build();
    expect(Object.fromEntries(file!.lines)).toEqual({ 1: 5, 2: 5, 3: 5, 4: 2, 5: 5, 6: 0, 8: 5, 9: 1, 10: 1 });
    expect(file!.functions).toEqual([{ name: "f", line: 1, hits: 5 }]);
    expect(file!.branches.filter((x) => x.hits > 0).map((x) => x.kind)).toEqual(["if", "if"]);
  });
});

describe("time series", () => {
  test("rows a second apart at first, then further apart, at most a minute", () => {
    expect(rowInterval(5)).toBe(1);
    expect(rowInterval(600)).toBe(10);
    expect(rowInterval(86400)).toBe(60);
  });

  test("a header once, campaigns kept apart, torn or foreign lines skipped", () => {
    const path = join(tempDir(), "c.stats.csv");
    const a = new SeriesWriter(path, "2026-01-01T00:00:00Z seed 1");
    expect(a.offer(row(0, 2))).toBe(true);
    expect(a.offer(row(0.5, 50))).toBe(false); // not due yet
    expect(a.offer(row(1.2, 90))).toBe(true);
    expect(a.offer(row(1.4, 90, { features: 7 }), true)).toBe(false); // forced, but nothing changed
    const b = new SeriesWriter(path, "2026-01-01T01:00:00Z seed 2");
    b.offer(row(0, 5, { edges: 6 }));
    appendFileSync(path, "2026-01-01T01:00:00Z seed 2,3.0,99"); // torn last line
    const text = readFileSync(path, "utf8");
    expect(text.split("\n")[0]).toBe("campaign,elapsed_s,execs,execs_per_s,edges,features,corpus_size,corpus_bytes,new_units,findings,unix_time");
    expect(text.match(/^campaign,/gm)).toHaveLength(1);
    const cs = readSeries(path);
    expect(cs.map((c) => [c.label, c.rows.map((r) => r.execs)])).toEqual([["2026-01-01T00:00:00Z seed 1", [2, 90]], ["2026-01-01T01:00:00Z seed 2", [5]]]);
    appendFileSync(path, "\n");
    appendFindingRow(path, "2026-01-01T00:00:00Z seed 1", 4, 120);
    const last = readSeries(path)[0]!.rows.at(-1)!;
    expect([last.elapsed, last.execs, last.findings, last.edges]).toEqual([4, 120, 1, 5]);
  });
});

describe("charts", () => {
  test("ticks and labels", () => {
    expect(niceStep(87)).toBe(20);
    expect(niceStep(1000)).toBe(200);
    expect(timeStep(60)).toBe(15);
    expect(timeStep(3600)).toBe(900);
    expect([5, 150, 3720, 90000].map(formatDuration)).toEqual(["5s", "2m30s", "1h2m", "1d1h"]);
  });

  test("one polyline per series with points, a legend entry for each", () => {
    const svg = lineChart({ title: "t <1>", yLabel: "edges", xFormat: formatDuration, series: [{ name: "a", points: [[0, 1], [10, 5]] }, { name: "b", points: [] }] });
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).toContain("t &lt;1&gt;");
    expect(svg).toContain(">a</text>");
    expect(svg).toContain(">b</text>");
  });
});

describe("progress", () => {
  test("a timed pulse line after -status_interval seconds of silence, in libFuzzer's format plus time:", () => {
    const lines: string[] = [];
    const p = new ProgressListener({ log: (l) => lines.push(l), statusInterval: 3, findings: () => 0, target: "t", seed: 1, maxTime: 0, totalEdges: () => 100 });
    p.status("#2\tINITED cov: 10 ft: 20 corp: 3/30b exec/s: 100 rss: 40Mb", snap({ elapsed: 0.1 }));
    p.heartbeat(snap({ elapsed: 2, execs: 200 }));
    expect(lines).toHaveLength(1);
    p.heartbeat(snap({ elapsed: 3.2, execs: 320 }));
    expect(lines[1]).toBe("#320\tpulse  cov: 10 ft: 20 corp: 3/30b lim: 4 exec/s: 100 rss: 40Mb time: 3s");
    // ClusterFuzz's libFuzzer log parser counts it as one of libFuzzer's lines.
    expect(lines[1]).toMatch(/^#\d+[\s]*(READ|INITED|NEW|pulse|REDUCE|RELOAD|DONE|:)\s.*/);
    p.heartbeat(snap({ elapsed: 5, execs: 500 }));
    expect(lines).toHaveLength(2);
  });

  test("a fuzz() test's periodic line names the test", () => {
    const lines: string[] = [];
    const p = new ProgressListener({ log: (l) => lines.push(l), statusInterval: 3, findings: () => 2, testName: "parse", target: "t", seed: 1, maxTime: 60, totalEdges: () => 100 });
    p.status("#400\tNEW    cov: 10 ft: 20 corp: 3/30b", snap({ elapsed: 3.9, execs: 390 }));
    p.heartbeat(snap({ elapsed: 4, execs: 400 }));
    expect(lines.slice(1)).toEqual(["fuzz: parse: 4s of 60s, 400 runs (100/s), cov: 10 ft: 20 corpus: 3, findings: 2"]);
    p.heartbeat(snap({ elapsed: 6, execs: 600 }));
    expect(lines).toHaveLength(2);
  });

  test("the status screen shows time, last new input, speed, corpus, findings and coverage", () => {
    const text = renderScreen({
      target: "libyaml", seed: 7, snap: snap({ elapsed: 83, execs: 123456, cov: 250 }), execsNow: 1500, lastNewAgo: 2, findings: 1,
      totalEdges: 1000, maxTime: 600, recent: ["#123456\tNEW    cov: 250"],
    }).join("\n");
    for (const s of ["libyaml (seed 7)", "1m23s of 10m", "2s ago", "123,456", "1,500 (avg 100)", "250 of 1,000 (25.0%)", "findings        1", "NEW    cov: 250"]) expect(text).toContain(s);
    expect(Math.max(...text.split("\n").map((l) => l.length))).toBeLessThanOrEqual(80);
  });
});

test("-print_corpus_stats lines match libFuzzer's printf format", () => {
  const lines: string[] = [];
  const t = { index: 3, sha1: "a".repeat(40), data: new Uint8Array(12), mutations: 1234, successes: 5 };
  printCorpusStats((l) => lines.push(l), [t as never]);
  // "  [% 3zd %s] sz: % 5zd runs: % 5zd succ: % 5zd focus: %d"
  expect(lines).toEqual([`  [  3 ${"a".repeat(40)}] sz:    12 runs:  1234 succ:     5 focus: 0`]);
});
