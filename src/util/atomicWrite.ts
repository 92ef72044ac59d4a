import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, writeSync, unlinkSync } from "node:fs";
import { dirname, join, basename } from "node:path";

let counter = 0;

/** Writes data to a fresh temporary file beside `path` (same filesystem, so it can be renamed or linked). */
function writeTemp(path: string, data: Uint8Array | string, durable: boolean): string {
  const tmp = join(dirname(path), `.tmp-${basename(path)}-${process.pid}-${counter++}`);
  const fd = openSync(tmp, "w", 0o644);
  try {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    if (durable) fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch {}
    throw e;
  }
  closeSync(fd);
  return tmp;
}

/**
 * Writes a file so that readers see either nothing or the whole content: the bytes go to a
 * temporary file in the same directory (same filesystem, so rename is atomic) and are renamed over
 * the final name. A process killed at any point leaves at most a stray `.tmp-` file, which corpus
 * loading ignores. `durable` also flushes the bytes to the disk before the rename, so the file
 * survives an OS crash or power loss too: artifacts and caches ask for it; corpus entries do not
 * (a killed worker cannot lose what the kernel already holds, libFuzzer does not flush its corpus
 * either, and an fsync per new input was 12% of a libpng worker's time in bun --cpu-prof).
 */
export function atomicWrite(path: string, data: Uint8Array | string, durable = true): void {
  const tmp = writeTemp(path, data, durable);
  try {
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch {}
    throw e;
  }
}

/** Filesystems that refuse hard links with these codes get the rename fallback of atomicCreate. */
const NO_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EMLINK"]);

/**
 * Like atomicWrite, but never replaces an existing file, and says whether this call created it:
 * the temporary file is published with link(2), which fails with EEXIST when the name exists, so
 * two processes writing the same name (peers sharing a corpus directory) cannot both believe they
 * created it. Where the filesystem has no hard links, an existence check and a rename stand in
 * (a peer writing the same name in between is then possible, and harmless: same name, same bytes).
 */
export function atomicCreate(path: string, data: Uint8Array | string, durable = true): boolean {
  if (existsSync(path)) return false; // the common case for a duplicate: no temporary file at all
  const tmp = writeTemp(path, data, durable);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (code === "EEXIST") return false;
    if (!NO_LINKS.has(code)) throw e;
    if (existsSync(path)) return false;
    renameSync(tmp, path);
    return true;
  } finally {
    try { unlinkSync(tmp); } catch {}
  }
}
