/**
 * File-system faults for tests: a read-only directory, a full one, an unreadable one. Real ones
 * where the machine allows (root with mount: a read-only bind mount, a tiny tmpfs), permission bits
 * otherwise. As root, permission bits stop nothing, so there bunfuzz runs as `nobody` (setpriv)
 * and the bits apply to it; each helper returns the command prefix to run bunfuzz with.
 * BUNFUZZ_FAULTS=mount|setpriv|chmod forces a way (to check each one on a machine that has all).
 */
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli.ts";

export type Way = "mount" | "setpriv" | "chmod";

const mounts: string[] = [];

function sh(argv: string[]): boolean {
  return Bun.spawnSync(argv, { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
}

function detect(): Way | undefined {
  const forced = process.env.BUNFUZZ_FAULTS as Way | undefined;
  if (forced) return forced;
  if (process.getuid?.() !== 0) return "chmod";
  const probe = tempDir("bunfuzz-mount-probe-");
  if (sh(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe])) {
    sh(["umount", probe]);
    return "mount";
  }
  return sh(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"]) ? "setpriv" : undefined;
}

/** How this machine makes file-system faults (undefined: it cannot, and the tests say so). */
export const WAY = detect();
/** Whether a full file system can be made (a tiny tmpfs needs mount). */
export const CAN_FILL = WAY === "mount";

/** Runs bunfuzz as nobody when root must be kept from writing through permission bits. */
const AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
/** Whether permission bits can be made to apply to bunfuzz (not root, or root with setpriv). */
export const CAN_DENY = process.getuid?.() !== 0 || sh([...AS_NOBODY, "true"]);

/** A work directory every way can use (nobody must be able to enter and write it). */
export function workDir(): string {
  const d = tempDir("bunfuzz-faults-");
  chmodSync(d, 0o777);
  return d;
}

/**
 * Makes `dir` (existing, with its content) read-only for a bunfuzz started with the returned
 * prefix: a read-only bind mount over it (EROFS), or mode 0555 (EACCES), as nobody when root.
 */
export function readOnly(dir: string): string[] {
  if (WAY === "mount" && sh(["mount", "--bind", dir, dir]) && sh(["mount", "-o", "remount,ro,bind", dir])) {
    mounts.push(dir);
    return [];
  }
  chmodSync(dir, 0o555);
  return process.getuid?.() === 0 ? AS_NOBODY : [];
}

/** Makes `dir` unreadable (mode 0000) for a bunfuzz started with the returned prefix (as nobody when root). */
export function unreadable(dir: string): string[] {
  chmodSync(dir, 0o000);
  return process.getuid?.() === 0 ? AS_NOBODY : [];
}

/** A new directory on a tmpfs of `bytes`, filled up first when `fill`; mount only. */
export function tinyFs(parent: string, bytes: number, fill: boolean): string {
  const dir = join(parent, "tiny");
  mkdirSync(dir);
  if (!sh(["mount", "-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir])) throw new Error("cannot mount a tmpfs");
  mounts.push(dir);
  chmodSync(dir, 0o777);
  if (fill) {
    try {
      for (let i = 0; ; i++) writeFileSync(join(dir, `.fill-${i}`), new Uint8Array(4096));
    } catch { /* ENOSPC: full */ }
  }
  return dir;
}

/** Undoes every mount made by these helpers (afterAll). */
export function cleanupMounts(): void {
  for (const d of mounts.splice(0).reverse()) sh(["umount", d]);
}

/** The dot-free entries of a directory (what a corpus holds). */
export function visible(dir: string): string[] {
  return readdirSync(dir).filter((f) => !f.startsWith("."));
}

/** Removes a test directory even when a helper left it unwritable. */
export function removeTree(dir: string): void {
  sh(["chmod", "-R", "u+rwx", dir]);
  rmSync(dir, { recursive: true, force: true });
}
