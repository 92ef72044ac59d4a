/**
 * Makes the npm packages of a bunfuzz release from this checkout, into build/pack/ (or --out=DIR):
 *
 *  - one package per platform (`bunfuzz-linux-x64-gnu`, ...; src/build/platforms.ts), holding the
 *    shim cross-compiled from native/ *now* with `zig cc -target`, and a package.json with the
 *    platform's os/cpu/libc and a `bunfuzz` field naming the library and the hash of the native/
 *    sources it was built from (src/build/shim.ts uses it only when that hash matches);
 *  - bunfuzz itself, packed by `npm pack` from a staged copy of the files package.json's `files`
 *    selects, whose package.json gains the platform packages as optionalDependencies (npm and bun
 *    then install only the one for the user's machine) and loses the checkout's scripts and
 *    devDependencies.
 *
 * Usage: bun scripts/package.ts [--platforms=all|host|NAME,...] [--out=DIR]
 * Prints the tarballs' paths, platform packages first (publish them before bunfuzz).
 *
 * This does what @napi-rs/cli's create-npm-dirs, artifacts and pre-publish do for N-API addons, in
 * the same layout and naming; the CLI itself does not fit a plain shared library loaded with
 * bun:ffi: it builds with cargo, names binaries `<name>.<platform>.node`, publishes and makes a
 * GitHub release in the step that writes optionalDependencies, and would add 67 packages (82 MB)
 * to every checkout's install for writing six package.json files.
 */
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { hostPlatform, PLATFORMS, platformPackage, type Platform } from "../src/build/platforms.ts";
import { buildShim, shimSourceKey, zigVersion, type PrebuiltShimInfo } from "../src/build/shim.ts";
import { PROJECT_ROOT } from "../src/util/paths.ts";

interface Manifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  [k: string]: unknown;
}

function fail(msg: string): never {
  console.error(`package: ${msg}`);
  process.exit(2);
}

function parseArgs(argv: string[]): { platforms: Platform[]; out: string } {
  let sel = "all";
  let out = join(PROJECT_ROOT, "build", "pack");
  for (const a of argv) {
    const m = /^--(platforms|out)=(.*)$/.exec(a);
    if (!m) fail(`unknown argument ${a}: bun scripts/package.ts [--platforms=all|host|NAME,...] [--out=DIR]`);
    if (m[1] === "out") out = resolve(m[2]!);
    else sel = m[2]!;
  }
  if (sel === "all") return { platforms: [...PLATFORMS], out };
  if (sel === "host") {
    const h = hostPlatform();
    if (!h) fail(`no prebuilt platform matches this machine (${process.platform}-${process.arch})`);
    return { platforms: [h], out };
  }
  const platforms = sel.split(",").map((n) => PLATFORMS.find((p) => p.name === n) ?? fail(`unknown platform ${n}: one of ${PLATFORMS.map((p) => p.name).join(", ")}`));
  return { platforms, out };
}

/** Runs `npm pack` in `dir`, writing the tarball into `dest`; returns its path. */
function npmPack(dir: string, dest: string): string {
  const r = Bun.spawnSync(["npm", "pack", "--json", "--pack-destination", dest], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) fail(`npm pack in ${dir} failed: ${r.stderr.toString().trim()}`);
  const [info] = JSON.parse(r.stdout.toString()) as { filename: string }[];
  return join(dest, info!.filename);
}

/** The platform package's folder: the library, a package.json and a README. */
function platformDir(p: Platform, root: Manifest, lib: string, key: string, out: string): string {
  const dir = join(out, "npm", p.name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(lib, join(dir, p.file));
  const info: PrebuiltShimInfo = { file: p.file, sources: key };
  const manifest = {
    name: platformPackage(p),
    version: root.version,
    description: `bunfuzz's native shim (the SanitizerCoverage runtime) prebuilt for ${p.name}`,
    license: root.license,
    os: [p.os],
    cpu: [p.cpu],
    ...(p.libc ? { libc: [p.libc] } : {}),
    files: [p.file],
    bunfuzz: info,
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, "README.md"), `# ${manifest.name}\n\n${manifest.description}, built with \`zig cc -target ${p.zigTarget}\` from bunfuzz ${root.version}'s native/ sources. bunfuzz installs it as an optional dependency; it is not meant to be used alone.\n`);
  return dir;
}

/** Stages the files `npm pack` would ship from the checkout, with the release's package.json. */
function stageMain(root: Manifest, platforms: Platform[], stage: string): void {
  const r = Bun.spawnSync(["npm", "pack", "--dry-run", "--json"], { cwd: PROJECT_ROOT, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) fail(`npm pack --dry-run failed: ${r.stderr.toString().trim()}`);
  const [listing] = JSON.parse(r.stdout.toString()) as { files: { path: string }[] }[];
  for (const f of listing!.files) {
    if (f.path === "package.json") continue;
    mkdirSync(dirname(join(stage, f.path)), { recursive: true });
    cpSync(join(PROJECT_ROOT, f.path), join(stage, f.path));
  }
  const { scripts: _scripts, devDependencies: _dev, ...rest } = root;
  const optionalDependencies = Object.fromEntries(platforms.map((p) => [platformPackage(p), root.version]));
  writeFileSync(join(stage, "package.json"), `${JSON.stringify({ ...rest, optionalDependencies }, null, 2)}\n`);
}

function main(): void {
  const { platforms, out } = parseArgs(process.argv.slice(2));
  const root = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as Manifest;
  mkdirSync(out, { recursive: true });
  const key = shimSourceKey();
  const zigVer = zigVersion();
  const tarballs: string[] = [];
  for (const p of platforms) tarballs.push(npmPack(platformDir(p, root, buildShim(p, key, zigVer), key, out), out));
  const stage = join(out, `.stage-${process.pid}`);
  try {
    stageMain(root, platforms, stage);
    tarballs.push(npmPack(stage, out));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  for (const t of tarballs) console.log(t);
}

if (import.meta.main) main();
