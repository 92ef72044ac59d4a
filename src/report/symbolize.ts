import { EngineError } from "../findings/errors.ts";

/**
 * Native pcs to source positions, through a well-kept tool reading the object's DWARF debug info:
 * llvm-symbolizer (comes with clang-14, which `npm run setup` installs) in its JSON output mode, or
 * binutils' addr2line where no llvm-symbolizer is installed. Never a DWARF reader of our own.
 * Addresses are module offsets (pc minus the module's load address), which is what both tools take
 * for a shared object.
 */

/** Where one pc is in the source. */
export interface SourceLocation {
  /** Source file as the debug info names it (absolute when the compiler was given absolute paths); "" when unknown. */
  file: string;
  /** 1-based; 0 when unknown. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  /**
   * The function the pc belongs to after inlining is undone: the outermost frame (the function
   * whose body holds the instruction), while file/line/column are the innermost (the source line
   * the instruction came from).
   */
  function: string;
  /** Line where that outermost function is declared (0 when unknown). */
  functionLine: number;
}

const UNKNOWN: SourceLocation = { file: "", line: 0, column: 0, function: "", functionLine: 0 };

/** The symbolizer found on this machine, or undefined. */
export function findSymbolizer(): { kind: "llvm" | "addr2line"; path: string } | undefined {
  for (const name of ["llvm-symbolizer-14", "llvm-symbolizer", "/usr/lib/llvm-14/bin/llvm-symbolizer"]) {
    const p = Bun.which(name);
    if (p) return { kind: "llvm", path: p };
  }
  const a = Bun.which("addr2line");
  return a ? { kind: "addr2line", path: a } : undefined;
}

interface LlvmFrame {
  FileName?: string;
  Line?: number;
  Column?: number;
  FunctionName?: string;
  StartLine?: number;
}

function fromLlvm(json: string): SourceLocation {
  let frames: LlvmFrame[] = [];
  try {
    frames = (JSON.parse(json) as { Symbol?: LlvmFrame[] }).Symbol ?? [];
  } catch {
    return UNKNOWN;
  }
  const inner = frames[0], outer = frames[frames.length - 1];
  if (!inner || !inner.FileName || !inner.Line) return UNKNOWN;
  return {
    file: inner.FileName,
    line: inner.Line,
    column: inner.Column ?? 0,
    function: outer?.FunctionName ?? "",
    functionLine: outer?.StartLine ?? 0,
  };
}

/** addr2line -f prints two lines per address: the function, then `file:line` (maybe ` (discriminator N)`). */
function fromAddr2line(fn: string, where: string): SourceLocation {
  const m = /^(.*):(\d+)(?: \(discriminator \d+\))?$/.exec(where.trim());
  if (!m || m[1] === "??" || m[2] === "0") return UNKNOWN;
  return { file: m[1]!, line: Number(m[2]), column: 0, function: fn === "??" ? "" : fn, functionLine: 0 };
}

/**
 * Symbolizes module offsets of one shared object in one batch (one process for the whole table:
 * a libyaml build's 9,000 pcs take well under a second). Unknown positions come back with line 0.
 */
export function symbolizeOffsets(module: string, offsets: ArrayLike<number>): SourceLocation[] {
  const tool = findSymbolizer();
  if (!tool) {
    throw new EngineError("toolchain", "no symbolizer found for native coverage: install llvm-symbolizer (`npm run setup` installs clang-14, which has it) or binutils' addr2line");
  }
  const input = Array.from(offsets, (o) => `0x${o.toString(16)}`).join("\n") + "\n";
  const argv = tool.kind === "llvm"
    ? [tool.path, `--obj=${module}`, "--output-style=JSON", "--inlines", "--demangle", "--functions=linkage"]
    : [tool.path, "-f", "-C", "-e", module];
  const r = Bun.spawnSync(argv, { stdin: new TextEncoder().encode(input), stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) {
    throw new EngineError("toolchain", `${tool.path} failed on ${module} (exit code ${r.exitCode}): ${r.stderr.toString().trim().split("\n")[0]}`);
  }
  const lines = r.stdout.toString().split("\n");
  const out: SourceLocation[] = [];
  if (tool.kind === "llvm") {
    for (const l of lines) if (l.startsWith("{")) out.push(fromLlvm(l));
  } else {
    for (let i = 0; i + 1 < lines.length; i += 2) out.push(fromAddr2line(lines[i]!, lines[i + 1]!));
  }
  if (out.length !== offsets.length) {
    throw new EngineError("toolchain", `${tool.path} answered ${out.length} of ${offsets.length} addresses of ${module}`);
  }
  return out;
}
