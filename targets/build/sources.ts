import { createHash } from "node:crypto";
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync,
} from "node:fs";
import { basename, isAbsolute, join, normalize, resolve } from "node:path";
import { EngineError } from "../../src/findings/errors.ts";
import { CACHE_DIR } from "../../src/util/paths.ts";
import { writeStderr } from "../../src/util/stderr.ts";

/** A step run once inside a freshly unpacked tree, before it is marked complete (paths relative to the tree). */
export type PrepareStep = { copy: [string, string] } | { write: string; content: string };

/**
 * One Debian source package a target builds from. Without `debian` its upstream tarball is used
 * as-is; with it, the Debian tarball is unpacked into the tree and its quilt series applied, so the
 * library is compiled as Debian ships it.
 */
export interface SourcePackage {
  /** Debian source package name, e.g. "libpng1.6". */
  package: string;
  /** Exact Debian version, with its epoch if any, e.g. "1:1.2.13.dfsg-1". */
  version: string;
  /** sha256 of the upstream tarball (`*.orig.tar.*`), checked after every download. */
  sha256: string;
  /**
   * The Debian tarball (`*.debian.tar.*`) of exactly `version`, checked like the upstream one:
   * unpacked into the tree, then `debian/patches/series` applied in order, before `prepare`.
   */
  debian?: { sha256: string };
  /** C files to compile, relative to the unpacked tree. */
  files: string[];
  /** Include folders relative to the unpacked tree; default ["."]. */
  includeDirs: string[];
  prepare: PrepareStep[];
}

/** A target folder's `target.json`, with every path made absolute. */
export interface TargetSpec {
  /** Default: the folder's name. */
  name: string;
  /** Absolute target folder. */
  dir: string;
  description: string;
  /** Absolute path of the harness defining `LLVMFuzzerTestOneInput` (default "fuzz.c"). */
  harness: string;
  /** Absolute seed folder. */
  seeds?: string;
  /** Absolute path of a libFuzzer/AFL dictionary. */
  dict?: string;
  maxLen?: number;
  /** Source packages; the first one is the library under test. */
  sources: SourcePackage[];
  /** Preprocessor definitions, `NAME` or `NAME=VALUE`, without `-D`. */
  defines: string[];
  /** Extra include folders, absolute (relative to the target folder in the JSON). */
  includeDirs: string[];
}

/** What to compile besides the harness: absolute paths. `root` is the first package's tree. */
export interface PreparedSources { root: string; files: string[]; includeDirs: string[]; defines: string[]; }

const SUITE = "bookworm";
const MARKER = ".bunfuzz-unpacked";
const SOURCES_DIR = join(CACHE_DIR, "sources");

/** Reads and checks `<targetDir>/target.json`; a missing or malformed file is an input error. */
export function readTargetSpec(targetDir: string): TargetSpec {
  const dir = resolve(targetDir);
  const file = join(dir, "target.json");
  const bad = (what: string): never => {
    throw new EngineError("input", `${file}: ${what}; fix target.json`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new EngineError("input", `${file}: cannot read it (${(e as Error).message.split("\n")[0]}); create a valid target.json`);
  }
  if (!isObj(raw)) bad("the top level must be an object");
  const o = raw as Record<string, unknown>;
  const str = (v: unknown, key: string): string => (typeof v === "string" && v !== "" ? v : bad(`"${key}" must be a non-empty string`));
  const strs = (v: unknown, key: string): string[] =>
    v === undefined ? [] : Array.isArray(v) && v.every((s) => typeof s === "string") ? v : bad(`"${key}" must be an array of strings`);
  const rel = (p: string, key: string): string => (isAbsolute(p) || normalize(p).startsWith("..") ? bad(`"${key}" must be a relative path inside its folder`) : p);
  const path = (key: string, must: "file" | "dir", dflt?: string): string | undefined => {
    const v = o[key] ?? dflt;
    if (v === undefined) return undefined;
    const p = resolve(dir, str(v, key));
    if (!existsSync(p) || statSync(p).isDirectory() !== (must === "dir")) bad(`"${key}" names ${p}, which is not an existing ${must}`);
    return p;
  };
  if (o.maxLen !== undefined && !(Number.isInteger(o.maxLen) && (o.maxLen as number) > 0)) bad(`"maxLen" must be a positive integer`);
  if (!Array.isArray(o.sources) || o.sources.length === 0) bad(`"sources" must be a non-empty array of source packages`);
  const sources = (o.sources as unknown[]).map((s, i): SourcePackage => {
    const k = `sources[${i}]`;
    if (!isObj(s)) bad(`"${k}" must be an object`);
    const p = s as Record<string, unknown>;
    const sha256 = str(p.sha256, `${k}.sha256`).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) bad(`"${k}.sha256" must be 64 hex digits`);
    let debian: SourcePackage["debian"];
    if (p.debian !== undefined) {
      const d = (isObj(p.debian) ? p.debian : bad(`"${k}.debian" must be an object {"sha256": "<64 hex digits>"}`)) as Record<string, unknown>;
      const extra = Object.keys(d).filter((key) => key !== "sha256");
      if (extra.length > 0) bad(`"${k}.debian" has unknown key "${extra[0]}" (only "sha256")`);
      const dsha = str(d.sha256, `${k}.debian.sha256`).toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(dsha)) bad(`"${k}.debian.sha256" must be 64 hex digits`);
      if (dsha === sha256) bad(`"${k}.debian.sha256" equals "${k}.sha256"; it must be the sha256 of the *.debian.tar.* file`);
      debian = { sha256: dsha };
    }
    const prepare = (p.prepare === undefined ? [] : Array.isArray(p.prepare) ? p.prepare : bad(`"${k}.prepare" must be an array`)).map(
      (st: unknown, j: number): PrepareStep => {
        const sk = `${k}.prepare[${j}]`;
        const q = (isObj(st) ? st : {}) as Record<string, unknown>;
        const c = strs(q.copy, `${sk}.copy`);
        if (c.length === 2) return { copy: [rel(c[0]!, sk), rel(c[1]!, sk)] };
        if (typeof q.write === "string" && typeof q.content === "string") return { write: rel(q.write, sk), content: q.content };
        return bad(`"${sk}" must be {"copy": [from, to]} or {"write": path, "content": text}`);
      },
    );
    const files = strs(p.files, `${k}.files`).map((f) => rel(f, `${k}.files`));
    if (files.length === 0) bad(`"${k}.files" must list at least one C file`);
    const inc = p.includeDirs === undefined ? ["."] : strs(p.includeDirs, `${k}.includeDirs`).map((d) => rel(d, `${k}.includeDirs`));
    const pkg = str(p.package, `${k}.package`);
    const version = str(p.version, `${k}.version`);
    if (debian && !/-[^-]+$/.test(version)) bad(`"${k}.version" must carry a Debian revision (e.g. "1.0-1") when "debian" is set`);
    return { package: pkg, version, sha256, ...(debian ? { debian } : {}), files, includeDirs: inc, prepare };
  });
  return {
    name: o.name === undefined ? basename(dir) : str(o.name, "name"),
    dir,
    description: o.description === undefined ? "" : str(o.description, "description"),
    harness: path("harness", "file", "fuzz.c")!,
    seeds: path("seeds", "dir"),
    dict: path("dict", "file"),
    maxLen: o.maxLen as number | undefined,
    sources,
    defines: strs(o.defines, "defines"),
    includeDirs: strs(o.includeDirs, "includeDirs").map((d) => resolve(dir, d)),
  };
}

/**
 * Fetches (once) and unpacks (once) every source package of `spec` under `CACHE_DIR/sources`, then
 * returns the files to compile with the harness. Downloads go through a private apt configuration
 * (the system's apt state is never touched) and each upstream tarball (and Debian tarball, when
 * pinned) is checked against its pinned sha256. Safe when several processes prepare the same
 * target at once.
 */
export function prepareTargetSources(spec: TargetSpec, opts: { quiet?: boolean } = {}): PreparedSources {
  const log = (m: string) => opts.quiet || writeStderr(`bunfuzz: ${m}\n`);
  mkdirSync(join(SOURCES_DIR, "dl"), { recursive: true });
  removeStale();
  const trees = spec.sources.map(treeDir);
  const missing = spec.sources.filter((p, i) => !existsSync(join(trees[i]!, MARKER)) && !(cachedFile(p.sha256) && (!p.debian || cachedFile(p.debian.sha256))));
  if (missing.length > 0) downloadAll(missing, log);
  spec.sources.forEach((p, i) => existsSync(join(trees[i]!, MARKER)) || unpack(p, trees[i]!, log));
  const files = spec.sources.flatMap((p, i) => p.files.map((f) => join(trees[i]!, f)));
  for (const f of files) {
    if (!existsSync(f)) throw new EngineError("input", `${spec.dir}/target.json lists ${f}, which the source package does not contain; fix "files"`);
  }
  return {
    root: trees[0]!,
    files,
    includeDirs: [...spec.sources.flatMap((p, i) => p.includeDirs.map((d) => join(trees[i]!, d))), ...spec.includeDirs],
    defines: [...spec.defines],
  };
}

const isObj = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

const sha256Hex = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const upstreamOf = (version: string) => version.replace(/^\d+:/, "").replace(/-[^-]*$/, "");

/**
 * The unpacked tree's folder name: changes when a tarball or the prepare steps change. Without a
 * Debian tarball the key is the one older bunfuzz versions used (their trees stay valid).
 */
export function treeName(p: Pick<SourcePackage, "package" | "version" | "sha256" | "debian" | "prepare">): string {
  const parts: unknown[] = [p.sha256, p.prepare];
  if (p.debian) parts.push({ debian: p.debian.sha256 });
  const key = sha256Hex(JSON.stringify(parts)).slice(0, 12);
  return `${p.package}-${p.debian ? p.version.replace(/^\d+:/, "") : upstreamOf(p.version)}-${key}`;
}

const treeDir = (p: SourcePackage) => join(SOURCES_DIR, treeName(p));

/** A verified tarball kept in `dl/` (named `<sha256 prefix>-<original name>`), if any. */
function cachedFile(sha256: string): string | undefined {
  const name = readdirSync(join(SOURCES_DIR, "dl")).find((f) => f.startsWith(`${sha256.slice(0, 16)}-`));
  return name && join(SOURCES_DIR, "dl", name);
}

/** One patch of a quilt series: its file name under `debian/patches/` and its `-pN` strip level. */
export interface SeriesEntry { patch: string; strip: number; }

/**
 * Parses a quilt `debian/patches/series` file as dpkg-source does: blank lines and `#` comment lines
 * are skipped, a ` #` starts a trailing comment, each line is a patch name optionally followed by
 * `-pN` (default 1). Other options and paths leaving `debian/patches/` are errors naming `where`.
 */
export function parseSeries(text: string, where: string): SeriesEntry[] {
  const out: SeriesEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") return;
    const [patch, ...opts] = line.split(/\s+/) as [string, ...string[]];
    const fail = (what: string): never => {
      throw new EngineError("toolchain", `${where}:${i + 1}: ${what}`);
    };
    if (isAbsolute(patch) || patch.split("/").includes("..")) fail(`patch "${patch}" is outside debian/patches`);
    let strip = 1;
    for (const o of opts) {
      const m = /^-p(\d+)$/.exec(o);
      strip = m ? Number(m[1]) : fail(`unsupported option "${o}" for ${patch} (only -pN)`);
    }
    out.push({ patch, strip });
  });
  return out;
}

/** Removes work folders left behind by processes that no longer run. */
function removeStale(): void {
  for (const e of readdirSync(SOURCES_DIR)) {
    const pid = Number(/^\.(?:work|tmp)-(\d+)-/.exec(e)?.[1] ?? 0);
    try {
      if (pid > 0) process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ESRCH") rmSync(join(SOURCES_DIR, e), { recursive: true, force: true });
    }
  }
}

/**
 * The archive URI of the machine's own main Debian suite: deb822 `.sources` stanzas and one-line
 * `sources.list` entries with component main and a suite without a `-security`/`-updates` suffix,
 * preferring one that names our suite, then one that looks like a Debian archive.
 */
function archiveSource(): { uri: string; signedBy?: string } {
  if (process.env.BUNFUZZ_DEBIAN_URI) return { uri: process.env.BUNFUZZ_DEBIAN_URI };
  const found: { uri: string; signedBy?: string; suites: string[] }[] = [];
  const dir = "/etc/apt/sources.list.d";
  for (const f of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".sources")).sort() : []) {
    for (const stanza of readFileSync(join(dir, f), "utf8").split(/\n\s*\n/)) {
      const field = (k: string) => new RegExp(`^${k}:[ \\t]*(.*)$`, "mi").exec(stanza)?.[1]?.trim() ?? "";
      if (!/\bdeb\b/.test(field("Types")) || !/\bmain\b/.test(field("Components")) || /^no$/i.test(field("Enabled"))) continue;
      const sb = field("Signed-By");
      found.push({ uri: field("URIs").split(/\s+/)[0]!, signedBy: sb.startsWith("/") ? sb : undefined, suites: field("Suites").split(/\s+/) });
    }
  }
  const list = existsSync("/etc/apt/sources.list") ? readFileSync("/etc/apt/sources.list", "utf8") : "";
  for (const m of list.matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s.*\bmain\b/gm)) found.push({ uri: m[1]!, suites: [m[2]!] });
  const main = found.filter((c) => c.uri && c.suites.some((s) => s && !s.includes("-")));
  const pick = main.find((c) => c.suites.includes(SUITE)) ?? main.find((c) => /debian/i.test(`${c.uri} ${c.signedBy ?? ""}`));
  if (pick) return pick;
  throw new EngineError("toolchain", "no Debian archive found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; set BUNFUZZ_DEBIAN_URI to a Debian mirror URI");
}

function run(argv: string[], cwd: string): { ok: boolean; err: string } {
  try {
    const r = Bun.spawnSync(argv, { cwd, stdout: "pipe", stderr: "pipe" });
    return { ok: r.exitCode === 0, err: r.stderr.toString().trim() };
  } catch {
    throw new EngineError("toolchain", `cannot run ${argv[0]} to fetch target sources; install it or put it on PATH`);
  }
}

const lastError = (err: string) => (err.split("\n").filter((l) => l.startsWith("E:")).pop() ?? err.split("\n").pop() ?? "").trim();

/** Downloads the packages' tarballs with a private apt configuration and keeps the verified ones in `dl/`. */
function downloadAll(pkgs: SourcePackage[], log: (m: string) => void): void {
  const work = mkdtempSync(join(SOURCES_DIR, `.work-${process.pid}-`));
  try {
    const { uri, signedBy } = archiveSource();
    for (const d of ["lists/partial", "cache/archives/partial"]) mkdirSync(join(work, d), { recursive: true });
    writeFileSync(join(work, "sources.list"), `deb-src ${signedBy ? `[signed-by=${signedBy}] ` : ""}${uri} ${SUITE} main\n`);
    // Read after the system's apt.conf.d: keeps its network settings but drops its update hooks.
    writeFileSync(join(work, "apt.conf"), ["Pre-Invoke", "Post-Invoke", "Post-Invoke-Success"].map((h) => `#clear APT::Update::${h};\n`).join(""));
    const apt = ["apt-get", "-q", "-c", join(work, "apt.conf"), "-o", `Dir::Etc::SourceList=${join(work, "sources.list")}`,
      "-o", "Dir::Etc::SourceParts=/dev/null", "-o", `Dir::State::Lists=${join(work, "lists")}`, "-o", `Dir::Cache=${join(work, "cache")}`,
      ...(process.getuid?.() === 0 ? ["-o", "APT::Sandbox::User=root"] : [])];
    log(`fetching the ${SUITE} source index for ${pkgs.map((p) => p.package).join(", ")}`);
    const up = run([...apt, "update"], work);
    if (!up.ok) throw new EngineError("toolchain", `apt-get update of the private ${SUITE} source list failed (${lastError(up.err)}); check the network and ${uri}`);
    for (const p of pkgs) {
      const sub = join(work, p.package);
      mkdirSync(sub);
      log(`downloading ${p.package} ${p.version}`);
      let r = run([...apt, "source", "--download-only", "--only-source", `${p.package}=${p.version}`], sub);
      if (!r.ok && /Can not find version/i.test(r.err)) {
        // Point releases replace old Debian revisions; the upstream tarball (checked below) usually stays the same.
        // A pinned Debian tarball changes with the revision: fetching the current one lets the error below name it.
        log(`${p.package} ${p.version} is no longer served; trying the current ${SUITE} version (the sha256 checks still apply)`);
        r = run([...apt, "source", "--download-only", "--only-source", p.package], sub);
      }
      if (!r.ok) throw new EngineError("toolchain", `downloading source package ${p.package}=${p.version} failed (${lastError(r.err)}); check "package" and "version" in target.json`);
      const names = readdirSync(sub);
      const tarball = names.find((f) => /^[^_]+_[^_]+\.orig\.tar\.[a-z0-9]+$/.test(f))
        ?? names.find((f) => /\.tar\.[a-z0-9]+$/.test(f) && !f.includes(".debian.tar."));
      if (!tarball) throw new EngineError("toolchain", `source package ${p.package} has no upstream tarball; pick another package in target.json`);
      const got = sha256Hex(readFileSync(join(sub, tarball)));
      const keep: [string, string][] = [[tarball, p.sha256]];
      if (p.debian) {
        const served = dscVersion(sub, names) ?? "an unknown version";
        const debTarball = names.find((f) => /\.debian\.tar\.[a-z0-9]+$/.test(f));
        if (!debTarball) {
          throw new EngineError("toolchain", `source package ${p.package} ${served} has no Debian tarball (*.debian.tar.*, format "3.0 (quilt)"); remove "debian" from its entry in target.json`);
        }
        const dgot = sha256Hex(readFileSync(join(sub, debTarball)));
        if (served !== p.version) {
          throw new EngineError("toolchain", `${SUITE} now serves ${p.package} ${served}, not the pinned ${p.version}, whose Debian patches are pinned:`
            + ` ${debTarball} has sha256 ${dgot}, ${tarball} has sha256 ${got}; review the new Debian patches, then set "version", "sha256" and "debian.sha256" of ${p.package} in target.json to these values`);
        }
        if (dgot !== p.debian.sha256) {
          throw new EngineError("toolchain", `checksum mismatch for ${debTarball} (${p.package}): expected ${p.debian.sha256}, got ${dgot}; check "version" and "debian.sha256" in target.json`);
        }
        keep.push([debTarball, p.debian.sha256]);
      }
      if (got !== p.sha256) throw new EngineError("toolchain", `checksum mismatch for ${tarball} (${p.package}): expected ${p.sha256}, got ${got}; check "version" and "sha256" in target.json`);
      for (const [f, sha] of keep) renameSync(join(sub, f), join(SOURCES_DIR, "dl", `${sha.slice(0, 16)}-${f}`));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The full version (with epoch) in the `.dsc` that `apt-get source` downloaded, if readable. */
function dscVersion(dir: string, names: string[]): string | undefined {
  const dsc = names.find((f) => f.endsWith(".dsc"));
  return dsc && /^Version:[ \t]*(\S+)/m.exec(readFileSync(join(dir, dsc), "utf8"))?.[1];
}

/** The cached tarball with this sha256, checked again (a corrupt one is removed). */
function verifiedTarball(sha256: string, p: SourcePackage): string {
  const file = cachedFile(sha256);
  if (!file) throw new EngineError("internal", `the tarball of ${p.package} with sha256 ${sha256} vanished from ${join(SOURCES_DIR, "dl")}; run the build again`);
  if (sha256Hex(readFileSync(file)) !== sha256) {
    rmSync(file, { force: true });
    throw new EngineError("toolchain", `cached tarball ${file} is corrupt and was removed; run the build again to download it`);
  }
  return file;
}

function untar(tarball: string, into: string): void {
  const r = run(["tar", "-x", "--no-same-owner", "-f", tarball, "-C", into], into);
  if (!r.ok) {
    const tool = /\.bz2$/.test(tarball) ? " (needs bzip2: apt-get install bzip2)" : /\.xz$/.test(tarball) ? " (needs xz: apt-get install xz-utils)" : "";
    throw new EngineError("toolchain", `tar could not unpack ${tarball}${tool}: ${lastError(r.err)}`);
  }
}

/**
 * Unpacks the Debian tarball into `tree` (replacing any upstream `debian/`, as dpkg-source does) and
 * applies `debian/patches/series` in order with the options dpkg-source uses (no fuzz, no backups).
 */
function applyDebian(p: SourcePackage, debTarball: string, tree: string, log: (m: string) => void): void {
  rmSync(join(tree, "debian"), { recursive: true, force: true });
  untar(debTarball, tree);
  if (!existsSync(join(tree, "debian"))) throw new EngineError("toolchain", `${debTarball} holds no debian/ folder; check "debian.sha256" of ${p.package} in target.json`);
  const seriesFile = join(tree, "debian", "patches", "series");
  const series = existsSync(seriesFile) ? parseSeries(readFileSync(seriesFile, "utf8"), `${p.package} ${p.version} debian/patches/series`) : [];
  if (series.length === 0) return log(`${p.package} ${p.version}: no Debian patches to apply`);
  const patchProgram = Bun.which("patch");
  if (!patchProgram) throw new EngineError("toolchain", `applying Debian's patches to ${p.package} needs the patch program, which is not installed: run \`npm run setup\``);
  log(`applying ${series.length} Debian patch${series.length === 1 ? "" : "es"} of ${p.package} ${p.version}`);
  for (const { patch, strip } of series) {
    const file = join(tree, "debian", "patches", patch);
    if (!existsSync(file)) throw new EngineError("toolchain", `${p.package} ${p.version}: debian/patches/series names ${patch}, which its Debian tarball lacks`);
    const argv = [patchProgram, "--batch", "--forward", "--fuzz=0", "--no-backup-if-mismatch", "--remove-empty-files", `-p${strip}`, "-i", file];
    const r = Bun.spawnSync(argv, { cwd: tree, stdout: "pipe", stderr: "pipe" });
    if (r.exitCode !== 0) {
      const out = `${r.stdout.toString()}\n${r.stderr.toString()}`.split("\n").map((l) => l.trim()).filter((l) => l !== "");
      const why = out.find((l) => /FAILED|Reversed|can't find file|No file to patch|malformed|error/i.test(l)) ?? out.pop() ?? `exit code ${r.exitCode}`;
      throw new EngineError("toolchain", `Debian patch debian/patches/${patch} of ${p.package} ${p.version} does not apply (${why}); "sha256" and "debian.sha256" in target.json must belong to the same version`);
    }
  }
}

/**
 * Unpacks a verified tarball into a temporary folder, applies the Debian tarball's patches if one is
 * pinned, runs the prepare steps, then renames the tree into place.
 */
function unpack(p: SourcePackage, dest: string, log: (m: string) => void): void {
  const tarball = verifiedTarball(p.sha256, p);
  const debTarball = p.debian && verifiedTarball(p.debian.sha256, p);
  log(`unpacking ${basename(tarball)}${debTarball ? ` and ${basename(debTarball)}` : ""}`);
  const tmp = mkdtempSync(join(SOURCES_DIR, `.tmp-${process.pid}-`));
  try {
    untar(tarball, tmp);
    const top = readdirSync(tmp);
    if (top.length !== 1 || !statSync(join(tmp, top[0]!)).isDirectory()) {
      throw new EngineError("toolchain", `${tarball} does not hold a single top-level folder; pick another source package`);
    }
    const tree = join(tmp, top[0]!);
    if (debTarball) applyDebian(p, debTarball, tree, log);
    for (const st of p.prepare) {
      if ("copy" in st) copyFileSync(join(tree, st.copy[0]), join(tree, st.copy[1]));
      else writeFileSync(join(tree, st.write), st.content);
    }
    writeFileSync(join(tree, MARKER), `${p.package} ${p.version} ${p.sha256}${p.debian ? ` debian ${p.debian.sha256}` : ""}\n`);
    for (let attempt = 0; ; attempt++) {
      try {
        return renameSync(tree, dest);
      } catch (e) {
        if (existsSync(join(dest, MARKER))) return; // another process finished first
        if (attempt > 0) throw e;
        rmSync(dest, { recursive: true, force: true }); // an incomplete tree left by something else
      }
    }
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new EngineError("toolchain", `preparing ${p.package} in ${dest} failed (${(e as Error).message}); check "prepare" in target.json`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
