import { existsSync, fstatSync, openSync, readSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A new file in /dev/shm (or the temporary folder), unlinked at once: it disappears with the last
 * process holding its descriptor, so a `kill -9` of supervisor and worker leaves nothing behind.
 * Returns the read-write descriptor. Its name while it exists: bunfuzz-<pid>-<random><suffix>.
 */
export function createUnlinkedFile(suffix = ""): number {
  const dir = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const rand = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(16);
  const path = join(dir, `bunfuzz-${process.pid}-${rand}${suffix}`);
  const fd = openSync(path, "wx+", 0o600);
  unlinkSync(path);
  return fd;
}

/** Everything in the file behind fd, read from offset 0 (its size when called; less if it shrinks). */
export function readWhole(fd: number): Uint8Array {
  const size = fstatSync(fd).size;
  const b = new Uint8Array(size);
  let off = 0;
  while (off < size) {
    const n = readSync(fd, b, off, size - off, off);
    if (n <= 0) break;
    off += n;
  }
  return b.subarray(0, off);
}
