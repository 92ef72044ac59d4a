/**
 * The platforms the shim comes prebuilt for, one row each. The packaging script
 * (scripts/package.ts) cross-compiles native/ for every row with `zig cc -target` and makes one npm
 * package per row; npm and bun install only the row whose os/cpu/libc match the machine (the
 * packages are optionalDependencies of bunfuzz, napi-rs style). At run time `hostPlatform()` names
 * the row to look for, and src/build/shim.ts uses its library when it was built from the same
 * native/ sources.
 */

/** One prebuilt platform. */
export interface Platform {
  /** The suffix of the package name (`bunfuzz-<name>`), napi-rs's naming: os-cpu[-libc]. */
  name: string;
  /** `zig cc -target`. glibc builds name 2.17, the oldest glibc they need (Zig links against its stubs). */
  zigTarget: string;
  /** package.json `os`, `cpu` and `libc` as npm and bun match them (process.platform / process.arch). */
  os: "linux" | "darwin";
  cpu: "x64" | "arm64";
  libc?: "glibc" | "musl";
  /** The library's file name in the package. */
  file: string;
}

const SO = "libbunfuzz_shim.so";
const DYLIB = "libbunfuzz_shim.dylib";

/** Every platform the shim is cross-compiled for. */
export const PLATFORMS: readonly Platform[] = [
  { name: "linux-x64-gnu", zigTarget: "x86_64-linux-gnu.2.17", os: "linux", cpu: "x64", libc: "glibc", file: SO },
  { name: "linux-arm64-gnu", zigTarget: "aarch64-linux-gnu.2.17", os: "linux", cpu: "arm64", libc: "glibc", file: SO },
  { name: "linux-x64-musl", zigTarget: "x86_64-linux-musl", os: "linux", cpu: "x64", libc: "musl", file: SO },
  { name: "linux-arm64-musl", zigTarget: "aarch64-linux-musl", os: "linux", cpu: "arm64", libc: "musl", file: SO },
  { name: "darwin-x64", zigTarget: "x86_64-macos", os: "darwin", cpu: "x64", file: DYLIB },
  { name: "darwin-arm64", zigTarget: "aarch64-macos", os: "darwin", cpu: "arm64", file: DYLIB },
];

/** The npm package that carries a platform's prebuilt shim. */
export function platformPackage(p: Platform): string {
  return `bunfuzz-${p.name}`;
}

/**
 * The C library this Bun runs on under Linux (Bun ships glibc and musl builds, and the shim and
 * targets are loaded into it): `process.report` names a glibc version only under glibc. Undefined
 * elsewhere.
 */
export function hostLibc(): "glibc" | "musl" | undefined {
  if (process.platform !== "linux") return undefined;
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ? "glibc" : "musl";
}

/** The row for this process, or undefined on a platform without a prebuilt shim. */
export function hostPlatform(): Platform | undefined {
  const libc = hostLibc();
  return PLATFORMS.find((p) => p.os === process.platform && p.cpu === process.arch && p.libc === libc);
}

/** The linker flags that give the shim its install name (ELF soname or Mach-O install name). */
export function shimLinkFlags(p: { os: string }): string[] {
  // zig's linker records the output path otherwise; a target built with the shim as DT_NEEDED
  // must find it by this name next to itself (PLATFORM-NOTES, bun:ffi).
  return p.os === "darwin" ? ["-Wl,-install_name,@rpath/" + DYLIB] : ["-Wl,-soname," + SO];
}
