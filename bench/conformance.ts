/**
 * Conformance with libFuzzer: the harnesses of targets/conformance/ (written in the shape of LLVM's
 * libFuzzer tests) run by clang-14's libFuzzer and by bunfuzz with the flags and budget LLVM's
 * `.test` file gives them, several seeds each. For each row and engine: how many seeds found the
 * planted finding within the budget (an artifact of the expected kind written), the median
 * executions to find it (stat::number_of_executed_units, which both print after a finding), and
 * which of the output lines LLVM's test checks were present in every run.
 *
 *   bun bench/conformance.ts [-seeds=3] [-only=name,name] [-out=bench/results/conformance-latest.md]
 *
 * Engines alternate per seed, pinned to one CPU (BENCH_CPU). Executions, not seconds, are compared:
 * the numbers do not depend on the machine's load.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../src/build/compile.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";
import { CLI, flag, median, pinned, stat, table } from "./lib.ts";

interface Row {
  /** targets/conformance/<name>.c */
  name: string;
  /**
   * LLVM's test this row follows, for the table: its .test file where the flags and lines are that
   * file's RUN and CHECK lines, "budget: ours" where LLVM's file gives none or other flags.
   */
  llvm: string;
  asan?: boolean;
  /** Flags both engines get: the budget and the knobs of LLVM's RUN line. */
  flags: string[];
  /** The artifact kind a finding writes (crash, leak, timeout, oom); absent: the row checks lines only. */
  artifact?: string;
  /** Lines LLVM's test checks (FileCheck CHECK lines), as patterns. */
  lines: RegExp[];
  /** Lines that must not appear (CHECK-NOT). */
  absent?: RegExp[];
  /** The row's runs use no -seed (timeouts and OOMs do not depend on it): one run per engine. */
  once?: boolean;
}

const ROWS: Row[] = [
  { name: "simple", llvm: "SimpleTest (budget: ours)", flags: ["-runs=1000000"], artifact: "crash", lines: [/Test unit written to \.\/crash-/] },
  { name: "simple_cmp", llvm: "SimpleCmpTest (budget: ours)", flags: ["-runs=100000000"], artifact: "crash", lines: [/Test unit written to \.\/crash-/] },
  { name: "strncmp", llvm: "StrncmpTest (strncmp.test)", flags: ["-runs=10000000"], artifact: "crash", lines: [/Test unit written to \.\/crash-/] },
  { name: "memcmp", llvm: "MemcmpTest (memcmp.test)", flags: ["-runs=10000000"], artifact: "crash", lines: [/Test unit written to \.\/crash-/] },
  { name: "strcmp", llvm: "StrcmpTest (strcmp.test)", flags: ["-runs=2000000"], artifact: "crash", lines: [/Test unit written to \.\/crash-/] },
  { name: "strstr", llvm: "StrstrTest (strstr.test)", flags: ["-runs=2000000"], artifact: "crash", lines: [/Test unit written to \.\/crash-/] },
  { name: "switch", llvm: "SwitchTest (budget: ours)", flags: ["-runs=10000000"], artifact: "crash", lines: [/Test unit written to \.\/crash-/] },
  { name: "exits", llvm: "SimpleTest, exit() variant (budget: ours)", flags: ["-runs=1000000"], artifact: "crash", lines: [/ERROR: libFuzzer: fuzz target exited/, /SUMMARY: libFuzzer: fuzz target exited/, /Test unit written to \.\/crash-/] },
  {
    name: "null_deref", llvm: "NullDerefTest (null-deref.test)", asan: true, flags: ["-runs=1000000"], artifact: "crash",
    lines: [/ERROR: AddressSanitizer: SEGV on unknown address/, /Test unit written to \.\/crash-/],
  },
  {
    name: "timeout", llvm: "TimeoutTest (fuzzer-timeout.test)", flags: ["-timeout=1", "-runs=1000000"], artifact: "timeout",
    lines: [/ALARM: working on the last Unit for/, /Test unit written to \.\/timeout-/, /== ERROR: libFuzzer: timeout after/, /SUMMARY: libFuzzer: timeout/],
  },
  {
    name: "out_of_memory", llvm: "OutOfMemoryTest (fuzzer-oom.test)", flags: ["-rss_limit_mb=300", "-runs=1000000"], artifact: "oom",
    lines: [/ERROR: libFuzzer: out-of-memory \(used: \d+Mb; limit: 300Mb\)/, /Test unit written to \.\/oom-/, /SUMMARY: libFuzzer: out-of-memory/],
  },
  {
    name: "large_malloc", llvm: "OutOfMemorySingleLargeMallocTest (fuzzer-oom.test)", asan: true, flags: ["-malloc_limit_mb=300", "-runs=1000000"], artifact: "oom",
    lines: [/libFuzzer: out-of-memory \(malloc\(3221225472\)\)/, /in LLVMFuzzerTestOneInput/, /Test unit written to \.\/oom-/],
  },
  {
    name: "leak", llvm: "LeakTest (fuzzer-leak.test)", asan: true, flags: ["-runs=100000", "-detect_leaks=1"], artifact: "leak",
    lines: [/ERROR: LeakSanitizer: detected memory leaks/, /Direct leak of 4 byte\(s\) in 1 object\(s\) allocated from:/, /INFO: to ignore leaks on libFuzzer side use -detect_leaks=0/, /Test unit written to \.\/leak-/],
    absent: [/DONE/, /Done/],
  },
  {
    name: "simple", llvm: "SimpleTest -runs=77 (fuzzer-finalstats.test)", flags: ["-runs=77", "-seed=1"], once: true,
    lines: [/stat::number_of_executed_units: 77/, /stat::average_exec_per_sec:/, /stat::new_units_added:/, /stat::slowest_unit_time_sec:\s+0/, /stat::peak_rss_mb:/],
  },
];

const LIBFUZZER_DIR = join(CACHE_DIR, "conformance-libfuzzer");

/** libFuzzer's build: clang-14 -fsanitize=fuzzer (and address), cached by source content. */
function libFuzzerBuild(row: Row): string {
  const src = join(PROJECT_ROOT, "targets/conformance", `${row.name}.c`);
  const hash = new Bun.CryptoHasher("sha1").update(readFileSync(src)).digest("hex").slice(0, 12);
  const out = join(LIBFUZZER_DIR, `${row.name}${row.asan ? "-asan" : ""}-${hash}`);
  if (!existsSync(out)) {
    mkdirSync(LIBFUZZER_DIR, { recursive: true });
    const r = Bun.spawnSync(["clang-14", "-g", "-O1", `-fsanitize=fuzzer${row.asan ? ",address" : ""}`, src, "-o", out], { stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`clang-14 failed on ${src}: ${r.stderr}`);
  }
  return out;
}

function bunfuzzBuild(row: Row): string {
  const src = join(PROJECT_ROOT, "targets/conformance", `${row.name}.c`);
  return compileCached(`conformance-${row.name}`, [src], join(CACHE_DIR, "conformance-bunfuzz"), { ...DEFAULT_INSTRUMENT, asan: !!row.asan }, { quiet: true });
}

interface Outcome {
  found: boolean;
  execs: number;
  missing: string[];
}

function runOne(engine: "libfuzzer" | "bunfuzz", bin: string, row: Row, seed: number): Outcome {
  const dir = mkdtempSync(join(tmpdir(), "bunfuzz-conformance-"));
  try {
    const flags = [...row.flags, "-print_final_stats=1", ...(row.once ? [] : [`-seed=${seed}`])];
    const argv = engine === "libfuzzer" ? [bin, ...flags] : [process.execPath, CLI, "fuzz", bin, ...flags];
    const r = pinned(argv, dir);
    const found = row.artifact ? r.code !== 0 && readdirSync(dir).some((f) => f.startsWith(`${row.artifact}-`)) : r.code === 0;
    const missing = [
      ...row.lines.filter((re) => !re.test(r.out)).map((re) => re.source),
      ...(row.absent ?? []).filter((re) => re.test(r.out)).map((re) => `not ${re.source}`),
    ];
    return { found, execs: stat(r.out, "number_of_executed_units"), missing };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cell(outs: Outcome[], row: Row): string[] {
  const found = outs.filter((o) => o.found);
  const execs = row.artifact ? (found.length ? String(median(found.map((o) => o.execs))) : "-") : "";
  const missing = [...new Set(outs.flatMap((o) => o.missing))];
  return [`${found.length}/${outs.length}`, execs, missing.length ? `missing: ${missing.map((m) => `\`${m}\``).join(", ")}` : "all"];
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const seeds = flag(argv, "seeds", 3);
  const only = argv.find((a) => a.startsWith("-only="))?.slice(6).split(",");
  const outFile = argv.find((a) => a.startsWith("-out="))?.slice(5) ?? join(PROJECT_ROOT, "bench/results/conformance-latest.md");
  const rows: string[][] = [];
  for (const row of ROWS.filter((r) => !only || only.includes(r.name))) {
    const lf = libFuzzerBuild(row), bf = bunfuzzBuild(row);
    const n = row.once ? 1 : seeds;
    const lfOut: Outcome[] = [], bfOut: Outcome[] = [];
    for (let seed = 1; seed <= n; seed++) {
      lfOut.push(runOne("libfuzzer", lf, row, seed));
      bfOut.push(runOne("bunfuzz", bf, row, seed));
    }
    const budget = row.flags.join(" ") + (row.asan ? " (ASan)" : "");
    rows.push([`\`${row.name}.c\``, row.llvm, `\`${budget}\``, ...cell(lfOut, row), ...cell(bfOut, row)]);
    console.error(`${row.name}: libFuzzer ${cell(lfOut, row).join(" ")}; bunfuzz ${cell(bfOut, row).join(" ")}`);
  }
  const header = ["harness", "after LLVM's", "flags", "libFuzzer found", "libFuzzer execs (median)", "libFuzzer lines", "bunfuzz found", "bunfuzz execs (median)", "bunfuzz lines"];
  const text = `${table(header, rows)}\n\nSeeds 1-${seeds} per row (one run for rows without a seed); \`bun bench/conformance.ts ${argv.join(" ")}\`.\n`;
  console.log(text);
  writeFileSync(outFile, text);
}
