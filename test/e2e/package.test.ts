/**
 * The npm package as a user meets it: scripts/package.ts packs bunfuzz and this machine's platform
 * package, a fresh `bun init` project adds the tarball, and bunfuzz runs there with no compiler
 * reachable (PATH is a folder of links to Bun, sh and, for npx, Node: no zig, no python3, no cc;
 * $CC and $BUNFUZZ_* unset). It fuzzes a JS target and a prebuilt .so (built beforehand with the
 * checkout's toolchain) to their planted bugs, through node_modules/.bin, bunx and npx, and writes
 * nothing into the installed package. The install needs the registry for oxc-parser and bun init's
 * packages; Bun's install cache keeps a second run quick.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { hostPlatform, platformPackage } from "../../src/build/platforms.ts";
import { ENGINE_EXIT } from "../../src/findings/errors.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

const host = hostPlatform();

interface Run {
  code: number;
  out: string;
}

/** Every file under dir (relative paths with sizes), for before/after comparisons. */
function listing(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = join(prefix, e.name);
    return e.isDirectory() ? listing(dir, rel) : [`${rel} ${statSync(join(dir, rel)).size}`];
  }).sort();
}

describe.skipIf(!host)("the npm package, installed into a fresh project without a compiler", () => {
  const pkgName = host ? platformPackage(host) : "";
  let app = "", xdg = "", tarballs: string[] = [];
  let env: Record<string, string> = {};
  const run = (argv: string[]): Run => {
    const r = Bun.spawnSync(argv, { cwd: app, env, stdout: "pipe", stderr: "pipe" });
    return { code: r.exitCode ?? -1, out: r.stdout.toString() + r.stderr.toString() };
  };
  const installed = () => join(app, "node_modules", "bunfuzz");

  beforeAll(() => {
    const root = tempDir("bunfuzz-pkg-");
    const pack = Bun.spawnSync([process.execPath, join(PROJECT_ROOT, "scripts/package.ts"), "--platforms=host", `--out=${join(root, "pack")}`], { stdout: "pipe", stderr: "pipe" });
    if (pack.exitCode !== 0) throw new Error(`scripts/package.ts failed: ${pack.stderr.toString()}`);
    tarballs = pack.stdout.toString().trim().split("\n");

    // PATH: only what a JS user without a compiler has.
    const bin = join(root, "bin");
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, "bun"));
    symlinkSync(process.execPath, join(bin, "bunx"));
    symlinkSync("/bin/sh", join(bin, "sh"));
    for (const tool of ["node", "npm", "npx"]) {
      const p = Bun.which(tool);
      if (p) symlinkSync(p, join(bin, tool));
    }
    xdg = join(root, "xdg");
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "CC" && !k.startsWith("BUNFUZZ")).map(([k, v]) => [k, v ?? ""]));
    Object.assign(env, {
      PATH: bin,
      XDG_CACHE_HOME: xdg,
      BUN_INSTALL_CACHE_DIR: process.env.BUN_INSTALL_CACHE_DIR ?? join(homedir(), ".bun", "install", "cache"),
      npm_config_update_notifier: "false",
    });

    app = join(root, "app");
    mkdirSync(app);
    const init = run(["bun", "init", "-y"]);
    if (init.code !== 0) throw new Error(`bun init failed: ${init.out}`);
    // The platform package comes from its tarball, as it would from the registry.
    const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
    manifest.overrides = { [pkgName]: tarballs.find((t) => t.includes(pkgName))! };
    writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
    // Copies, not Bun's default hardlinks into its install cache: the last test edits an installed file.
    const add = run(["bun", "add", "--backend=copyfile", tarballs.find((t) => /\/bunfuzz-\d/.test(t))!]);
    if (add.code !== 0) throw new Error(`bun add failed: ${add.out}`);

    writeFileSync(join(app, "fuzz.ts"), `export function fuzz(data: Uint8Array): void {\n  if (new TextDecoder().decode(data).startsWith("bug")) throw new Error("planted");\n}\n`);
    copyFileSync(planted("int_compare"), join(app, "target.so"));
  }, 120_000);

  test("installs only what users need, the shim prebuilt for this platform", () => {
    const pkg = installed();
    expect(existsSync(join(pkg, "bin", "bunfuzz"))).toBe(true);
    expect(existsSync(join(pkg, "src", "cli", "main.ts"))).toBe(true);
    expect(existsSync(join(pkg, "native", "shim.h"))).toBe(true);
    for (const dev of [".git", ".cache", "test", "targets", "bench", "scripts", "node_modules"]) expect(existsSync(join(pkg, dev))).toBe(false);
    for (const devDep of ["bun", "smol-toml", "papaparse", "pngjs", "ini"]) expect(existsSync(join(app, "node_modules", devDep))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toEqual({ [pkgName]: manifest.version });
    expect(existsSync(join(app, "node_modules", pkgName, host!.file))).toBe(true);
    expect(run(["sh", "-c", "command -v zig || command -v python3 || command -v cc || true"]).out).toBe("");
  });

  test("the prebuilt shim's ABI version is the engine's", () => {
    const lib = join(app, "node_modules", pkgName, host!.file);
    const script = `import { Shim } from ${JSON.stringify(join(PROJECT_ROOT, "src/coverage/ffi.ts"))};\nnew Shim(${JSON.stringify(lib)}, ${JSON.stringify(join(app, "abi-shm"))}, 4096, 0, 0);\nconsole.log("abi ok");\n`;
    const r = Bun.spawnSync([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    expect(r.stdout.toString()).toBe("abi ok\n");
  });

  test("fuzzes a JS target and a prebuilt .so through node_modules/.bin, bunx and npx, writing nothing into the package", () => {
    const before = listing(installed());
    const js = run(["node_modules/.bin/bunfuzz", "fuzz", "fuzz.ts", "-seed=1", "-runs=100000", "-artifact_prefix=js-"]);
    expect(js.out).toContain("planted");
    expect(js.code).toBe(77);
    const [crash] = readdirSync(app).filter((f) => f.startsWith("js-crash-"));
    expect(readFileSync(join(app, crash!), "utf8")).toStartWith("bug");

    const so = run(["bunx", "bunfuzz", "fuzz", "target.so", "-seed=1", "-runs=20000", "-artifact_prefix=so-"]);
    expect(so.code).toBe(77);
    const [soCrash] = readdirSync(app).filter((f) => f.startsWith("so-crash-"));
    expect(readFileSync(join(app, soCrash!)).readUInt32LE(0)).toBe(0x8badf00d);

    if (Bun.which("npx")) {
      const npx = run(["npx", "--no-install", "bunfuzz", "run", "target.so", soCrash!]);
      expect(npx.code).toBe(77);
    }
    expect(listing(installed())).toEqual(before);
    // The instrumenter's cache went to the user's cache folder; no shim was built anywhere.
    expect(existsSync(join(xdg, "bunfuzz", "instrument"))).toBe(true);
    expect(existsSync(join(xdg, "bunfuzz", "native"))).toBe(false);
  }, 60_000);

  test("building from source without a compiler names the command that installs one", () => {
    writeFileSync(join(app, "harness.c"), "#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n");
    const r = run(["node_modules/.bin/bunfuzz", "build", "harness.c", "-o", "harness.so"]);
    expect(r.code).toBe(ENGINE_EXIT.toolchain);
    expect(r.out).toContain("bunx bunfuzz setup");
    expect(r.out).not.toContain("    at ");
    const demo = run(["node_modules/.bin/bunfuzz", "demo"]);
    expect(demo.code).toBe(ENGINE_EXIT.usage);
    expect(demo.out).toContain("runs in a clone of bunfuzz's repository");
  });

  test.skipIf(!Bun.which("npx"))("npx without Bun installed: one line that says to install it", () => {
    const noBun = join(app, "..", "nobun");
    mkdirSync(noBun);
    for (const tool of ["sh", "node", "npm", "npx"]) symlinkSync(join(env.PATH!, tool), join(noBun, tool));
    const r = Bun.spawnSync(["npx", "--no-install", "bunfuzz", "help"], { cwd: app, env: { ...env, PATH: noBun }, stdout: "pipe", stderr: "pipe" });
    expect(r.exitCode).toBe(ENGINE_EXIT.toolchain);
    expect(r.stderr.toString().trim()).toBe("bunfuzz: error: bunfuzz runs on Bun, which was not found: install it (npm install -g bun) and run again");
  });

  test("a platform package built from other native/ sources is refused, not loaded", () => {
    const header = join(installed(), "native", "shim.h");
    const edited = `${readFileSync(header, "utf8")}\n/* another version */\n`;
    rmSync(header); // a new file, in case the install linked it to a cache
    writeFileSync(header, edited);
    const r = run(["node_modules/.bin/bunfuzz", "fuzz", "fuzz.ts", "-runs=10"]);
    expect(r.code).toBe(ENGINE_EXIT.toolchain);
    expect(r.out).toContain(`${pkgName} ${JSON.parse(readFileSync(join(installed(), "package.json"), "utf8")).version} was built from other native/ sources`);
  });

  // Last: it relies on the edited native/ of the test above.
  test.skipIf(!Bun.which("cc") || !Bun.which("clang-14"))("where Zig is absent $CC builds: gcc the shim from native/, clang a harness", () => {
    // A user's compilers: cc and clang-14 with the assembler and linker they run, still no zig or python3.
    const ccBin = join(app, "..", "ccbin");
    mkdirSync(ccBin);
    for (const tool of ["cc", "clang-14", "as", "ld"]) symlinkSync(Bun.which(tool)!, join(ccBin, tool));
    const withCC = (cc: string, argv: string[]): Run => {
      const r = Bun.spawnSync(argv, { cwd: app, env: { ...env, PATH: `${env.PATH}:${ccBin}`, CC: cc }, stdout: "pipe", stderr: "pipe" });
      return { code: r.exitCode ?? -1, out: r.stdout.toString() + r.stderr.toString() };
    };
    const js = withCC("cc", ["node_modules/.bin/bunfuzz", "fuzz", "fuzz.ts", "-seed=1", "-runs=100000", "-artifact_prefix=cc-"]);
    expect(js.out).toContain("planted");
    expect(js.code).toBe(77);
    expect(readdirSync(join(xdg, "bunfuzz", "native"))).toHaveLength(1);

    const build = withCC("clang-14", ["node_modules/.bin/bunfuzz", "build", "harness.c", "-o", "harness.so"]);
    expect(build.out).toContain("clang-14 -shared");
    expect(build.code).toBe(0);
    const fuzz = withCC("clang-14", ["node_modules/.bin/bunfuzz", "fuzz", "harness.so", "-runs=100"]);
    expect(fuzz.code).toBe(0);
    expect(fuzz.out).toContain("Done 100 runs");
  }, 60_000);
});
