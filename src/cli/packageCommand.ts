/**
 * `bunfuzz package`: a target made into a libFuzzer-style executable OUT_DIR/NAME for the fuzzing
 * infrastructure that runs such executables (ClusterFuzz, ClusterFuzzLite, OSS-Fuzz). See
 * src/package/ for the layout and why it is so.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { asanRuntime } from "../build/asanRuntime.ts";
import { EngineError } from "../findings/errors.ts";
import { LAUNCHER_MARK, launcherScript, targetNameProblem } from "../package/launcher.ts";
import { payloadDirName, writePayload } from "../package/payload.ts";
import { ensureRuntime } from "../package/runtime.ts";
import { writeStderr } from "../util/stderr.ts";
import { resolveTarget } from "./target.ts";

const USAGE = `Usage: bunfuzz package <target.so | target.ts/.js | target folder> -o OUT_DIR [-name NAME]
       bunfuzz package SOURCES... [bunfuzz build flags] -o OUT_DIR [-name NAME]
Writes OUT_DIR/NAME, a libFuzzer-style executable (./NAME [libFuzzer flags] [corpus dirs | files])
for ClusterFuzz, ClusterFuzzLite and OSS-Fuzz, with its files in OUT_DIR/NAME.bunfuzz/ and Bun,
bunfuzz and the shim in OUT_DIR/bunfuzz-runtime/ (shared by every target there). NAME defaults to
the target's base name. A NAME.options or dictionary beside the target is copied as
OUT_DIR/NAME.options / OUT_DIR/NAME.dict, where ClusterFuzz looks for them.
`;

/** C and C++ sources: `bunfuzz build` compiles them first. */
const SOURCE = /\.(c|cc|cp|cpp|cxx|c\+\+|C)$/;

interface PackageArgs {
  out: string;
  name: string;
  positional: string[];
  /** Flags other than -o and -name: for `bunfuzz build` (sources), or -asan for a target folder. */
  flags: string[];
  help: boolean;
}

function parsePackageArgs(argv: readonly string[]): PackageArgs {
  const a: PackageArgs = { out: "", name: "", positional: [], flags: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new EngineError("usage", `bunfuzz package: ${arg} needs a value`);
      return v;
    };
    const eq = /^--?(o|name)=(.*)$/.exec(arg);
    if (eq) (eq[1] === "o" ? (a.out = eq[2]!) : (a.name = eq[2]!));
    else if (arg === "-o") a.out = value();
    else if (arg === "-name" || arg === "--name") a.name = value();
    else if (/^--?(help|h)(=1)?$/.test(arg)) a.help = true;
    else if (arg.startsWith("-")) a.flags.push(arg);
    else a.positional.push(arg);
  }
  return a;
}

/**
 * Compiles C/C++ sources with `bunfuzz build` (the same command line, run as a child process so
 * that every build flag means here what it means there) into `so`.
 */
function buildSources(args: string[], so: string): void {
  const main = join(import.meta.dir, "main.ts");
  const r = Bun.spawnSync([process.execPath, main, "build", ...args, "-o", so], { stdout: "ignore", stderr: "inherit" });
  if (r.exitCode !== 0) throw new EngineError("toolchain", `bunfuzz build ${args.join(" ")} failed (exit ${r.exitCode}, its error is above): fix the build, then package again`);
}

/** Refuses to go on when `path` exists and is not one of our launchers (it is the user's, never overwritten). */
function checkLauncherSlot(path: string): void {
  if (!existsSync(path)) return;
  const isOurs = statSync(path).isFile() && readFileSync(path, "utf8").split("\n", 2)[1] === LAUNCHER_MARK;
  if (!isOurs) throw new EngineError("io", `${path} exists and is not a launcher written by bunfuzz package: move it away or choose another -name`);
}

/** Writes `text` to `path` as an executable, atomically, where checkLauncherSlot allows it. */
function writeLauncher(path: string, text: string): void {
  checkLauncherSlot(path);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  chmodSync(tmp, 0o755);
  renameSync(tmp, path);
}

/** Copies a companion file (options, dictionary) to where ClusterFuzz looks for it. */
function copyCompanion(src: string | undefined, dest: string): void {
  if (!src) return;
  const tmp = `${dest}.${process.pid}.tmp`;
  copyFileSync(src, tmp);
  renameSync(tmp, dest);
}

/** `bunfuzz package ...`: prints the executable's path. */
export async function packageCommand(argv: string[]): Promise<number> {
  const a = parsePackageArgs(argv);
  if (a.help) {
    writeStderr(USAGE);
    return 0;
  }
  if (!a.out) throw new EngineError("usage", "bunfuzz package needs -o OUT_DIR (the directory the executable goes to, e.g. $OUT)");
  const [first, ...more] = a.positional;
  if (!first) throw new EngineError("usage", "bunfuzz package needs a target: an instrumented .so, a .ts/.js target, a target folder, or C/C++ sources (bunfuzz package -help)");
  const fromSources = SOURCE.test(first);
  if (!fromSources && more.length) throw new EngineError("usage", `bunfuzz package takes one target, got ${a.positional.length} (${a.positional.join(" ")}); C/C++ sources are compiled together when the first one is a source file`);
  const folderAsan = !fromSources && a.flags.length === 1 && a.flags[0] === "-asan";
  if (!fromSources && a.flags.length && !folderAsan) throw new EngineError("usage", `unknown flag ${a.flags[0]} for bunfuzz package: build flags go with C/C++ sources; a built target takes only -o and -name`);

  const outDir = resolve(a.out);
  mkdirSync(outDir, { recursive: true });
  const name = a.name || basename(first).replace(/\.[^.]*$/, "");
  const problem = targetNameProblem(name);
  if (problem) throw new EngineError("usage", `${name} cannot be a fuzz target's name: ${problem}; choose one with -name`);

  const exe = join(outDir, name);
  checkLauncherSlot(exe); // before any work: a clash leaves the directory as it was
  let built: string | undefined;
  try {
    let targetArg = first;
    if (fromSources) {
      built = join(outDir, `.${name}-${process.pid}.build.so`);
      buildSources([first, ...more, ...a.flags], built);
      targetArg = built;
    }
    const target = await resolveTarget(targetArg, { asan: folderAsan });
    const source = fromSources ? a.positional.join(" ") : first;
    const runtime = ensureRuntime(outDir, { asanRuntime: target.asan ? asanRuntime() : undefined });
    const payload = await writePayload(outDir, name, target.js ? { js: target.so, asan: false, source } : { so: target.so, asan: target.asan, source });
    copyCompanion(target.optionsFile, join(outDir, `${name}.options`));
    copyCompanion(target.dict, join(outDir, `${name}.dict`));
    writeLauncher(exe, launcherScript(name, payload.entry, payload.asan));
    writeStderr(`bunfuzz package: ${exe} (files in ${join(outDir, payloadDirName(name))}, runtime in ${runtime})\n`);
    process.stdout.write(`${exe}\n`);
    return 0;
  } finally {
    if (built) rmSync(built, { force: true });
  }
}
