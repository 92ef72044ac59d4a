/**
 * Crash stacks as the sanitizers print them (`    #N 0xPC in function file:line:col`), the format
 * ClusterFuzz's stack analyzer reads to group crashes: its crash state is the top three frames
 * outside its ignore list. bunfuzz's own frames are not in that list (libFuzzer's fuzzer:: frames
 * and main are), so they are left out here: the shim's (execute, bf_run, the handlers), Bun's
 * executable's and JIT code's. Left in, every crash in a harness's own function would share the
 * state "execute bf_run".
 *
 * Two sources: the frames the shim recorded as it ended a worker (deadly signal without ASan, exit
 * in the target, timeout, RSS limit), symbolized here with llvm-symbolizer; and a sanitizer's own
 * report, already symbolized by its runtime, from which bunfuzz's frames are dropped.
 */
import { realpathSync } from "node:fs";
import { basename } from "node:path";
import { findSymbolizer } from "../report/symbolize.ts";

/** One frame the shim recorded (BF_STACK_BYTES in native/shim.h). */
export interface RawFrame {
  /** The instruction (a return address less one below the top frame). */
  pc: bigint;
  /** pc in the module's own addresses, which the symbolizer reads. */
  offset: bigint;
  /** The module's file; "" when pc is in no module. */
  module: string;
}

/** One source position of a frame; an inlined call gives several for one pc, innermost first. */
interface Position {
  fn: string;
  file: string;
  line: number;
  column: number;
}

/** Parses the shim's "PC MODULE_OFFSET MODULE" lines. */
export function parseStackText(text: string): RawFrame[] {
  const frames: RawFrame[] = [];
  for (const line of text.split("\n")) {
    const m = /^(0x[0-9a-f]+) (0x[0-9a-f]+) ?(.*)$/.exec(line);
    if (m) frames.push({ pc: BigInt(m[1]!), offset: BigInt(m[2]!), module: m[3]! });
  }
  return frames;
}

/**
 * Source positions for each frame, one llvm-symbolizer process per module (`--inlines` unfolds
 * inlined calls as the sanitizers print them). An empty list for a frame it could not place, and
 * for every frame when no llvm-symbolizer is installed: the frame is then printed as
 * `(module+offset)`, which ClusterFuzz symbolizes itself.
 */
function symbolize(frames: RawFrame[]): Position[][] {
  const out: Position[][] = frames.map(() => []);
  const tool = findSymbolizer();
  if (!tool || tool.kind !== "llvm") return out;
  const byModule = new Map<string, number[]>();
  frames.forEach((f, i) => { if (f.module) byModule.set(f.module, [...(byModule.get(f.module) ?? []), i]); });
  for (const [module, idx] of byModule) {
    const input = idx.map((i) => `0x${frames[i]!.offset.toString(16)}`).join("\n") + "\n";
    const r = Bun.spawnSync([tool.path, `--obj=${module}`, "--output-style=JSON", "--inlines", "--demangle", "--functions=linkage"], {
      stdin: new TextEncoder().encode(input), stdout: "pipe", stderr: "pipe",
    });
    if (r.exitCode !== 0) continue;
    const answers = r.stdout.toString().split("\n").filter((l) => l.startsWith("{"));
    answers.forEach((json, k) => {
      const i = idx[k];
      if (i === undefined) return;
      try {
        const syms = (JSON.parse(json) as { Symbol?: { FunctionName?: string; FileName?: string; Line?: number; Column?: number }[] }).Symbol ?? [];
        out[i] = syms
          .filter((s) => s.FunctionName && s.FunctionName !== "??")
          .map((s) => ({ fn: s.FunctionName!, file: s.FileName ?? "", line: s.Line ?? 0, column: s.Column ?? 0 }));
      } catch {
        // an answer that does not parse leaves the frame unsymbolized
      }
    });
  }
  return out;
}

function hex(n: bigint): string {
  return `0x${n.toString(16)}`;
}

/** One frame line in the sanitizers' format. */
function frameLine(n: number, f: RawFrame, p: Position | undefined): string {
  const where = f.module ? `(${f.module}+${hex(f.offset)})` : "(<unknown module>)";
  if (!p) return `    #${n} ${hex(f.pc)}  ${where}`;
  const loc = p.file && p.line ? `${p.file}:${p.line}${p.column ? `:${p.column}` : ""}` : where;
  return `    #${n} ${hex(f.pc)} in ${p.fn} ${loc}`;
}

/**
 * The sanitizer-format stack for frames the shim recorded, followed by the empty line the
 * sanitizers print after a stack; "" for no frames.
 */
export function formatStack(frames: RawFrame[]): string {
  if (frames.length === 0) return "";
  const positions = symbolize(frames);
  const lines: string[] = [];
  frames.forEach((f, i) => {
    const ps = positions[i]!;
    if (ps.length === 0) lines.push(frameLine(lines.length, f, undefined));
    for (const p of ps) lines.push(frameLine(lines.length, f, p));
  });
  return `${lines.join("\n")}\n\n`;
}

/** What identifies bunfuzz's own frames in a sanitizer's report. */
export interface OwnFrames {
  /** The shim's source files (shim.c, crash.c, ...): a frame symbolized to one of them is the shim's. */
  shimSources: string[];
  /** The shim library's file: an unsymbolized frame in it is the shim's. */
  shimLibrary: string;
  /** Bun's executable (this process's): its frames are Bun's. */
  executable: string;
}

function executablePaths(exe: string): string[] {
  try {
    return [...new Set([exe, realpathSync(exe)])];
  } catch {
    return [exe];
  }
}

/**
 * A sanitizer's report without bunfuzz's frames: each stack keeps the target's frames, renumbered
 * from #0, without the shim's (execute, bf_run, its hooks), and ends where it goes back into Bun (a
 * frame of Bun's executable or of JIT code: what follows, down to Bun's `__libc_start_main`, is
 * Bun's). Everything else in the report (the error line, the shadow bytes, SUMMARY) is kept as is.
 */
export function filterSanitizerReport(text: string, own: OwnFrames): string {
  const exes = executablePaths(own.executable);
  const shimFile = basename(own.shimLibrary);
  const sources = new RegExp(`[/\\\\]native[/\\\\](?:${own.shimSources.map((s) => s.replace(/\./g, "\\.")).join("|")}):\\d+`);
  const isShim = (rest: string): boolean => sources.test(rest) || rest.includes(`/${shimFile}+0x`);
  const isBun = (rest: string): boolean => rest.includes("(<unknown module>)") || exes.some((e) => rest.includes(`(${e}+0x`));
  let next = 0, ended = false;
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\s*)#(\d+) (0x[0-9a-fA-F]+)(.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    if (m[2] === "0") { // a new stack
      next = 0;
      ended = false;
    }
    if (ended || isShim(m[4]!)) continue;
    if (isBun(m[4]!)) {
      ended = next > 0; // back into Bun: the rest of this stack is Bun's, down to its main
      continue;
    }
    out.push(`${m[1]}#${next++} ${m[3]}${m[4]}`);
  }
  return out.join("\n");
}
