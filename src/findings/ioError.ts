/**
 * Why a file operation failed, in words a user can act on. Engine errors about files the user
 * named (corpus directories, artifact paths, dictionaries) use these instead of Node's message,
 * which carries a syscall name and no next step.
 */
const REASONS: Record<string, [what: string, fix: string]> = {
  EROFS: ["the file system is read-only", "give a directory on a writable file system"],
  ENOSPC: ["no space left on the device", "free some space or give a directory on another device"],
  EDQUOT: ["the disk quota is exhausted", "free some space or give a directory on another device"],
  EACCES: ["permission denied", "fix its permissions or give another directory"],
  EPERM: ["operation not permitted", "fix its permissions or give another directory"],
  ENOTDIR: ["a component of the path is a file, not a directory", "fix the path"],
  ENOENT: ["a component of the path does not exist", "create it or fix the path"],
  EISDIR: ["it is a directory", "give a file"],
  ENAMETOOLONG: ["the name is too long", "use a shorter path or prefix"],
  EIO: ["an I/O error (a failing disk?)", "check the device"],
  EFBIG: ["the file is too large for the file system or the process's file size limit", "raise `ulimit -f` or use another file system"],
};

/** The errno code of a Node file-system error, or "" when it is something else. */
export function errnoCode(e: unknown): string {
  return (e as NodeJS.ErrnoException | undefined)?.code ?? "";
}

/** "the file system is read-only (EROFS): give a directory on a writable file system". */
export function describeIoError(e: unknown): string {
  const code = errnoCode(e);
  const r = REASONS[code];
  if (r) return `${r[0]} (${code}): ${r[1]}`;
  return e instanceof Error ? e.message : String(e);
}

/** Only the reason, without the fix: "the file system is read-only (EROFS)". */
export function ioReason(e: unknown): string {
  const code = errnoCode(e);
  const r = REASONS[code];
  return r ? `${r[0]} (${code})` : e instanceof Error ? e.message : String(e);
}
