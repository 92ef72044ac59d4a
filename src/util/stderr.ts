import { writeSync } from "node:fs";

/** Where bunfuzz's own lines go once -close_fd_mask has pointed fd 2 at /dev/null (-1: fd 2). */
let engineFd = -1;

/**
 * Writes text to stderr, synchronously, ending it with a newline (one is added if missing). Not
 * `process.stderr.write`: touching `process.stderr` loads Node's stream modules, ~8 ms of a
 * process's start-up (twice per campaign: supervisor and worker), and start-up and the crash
 * report are part of every time to crash. Bun's console writes straight to fd 2, unbuffered (a
 * line logged just before a crash is not lost), and prints a lone string verbatim (no % formats).
 */
export function writeStderr(text: string): void {
  const line = text.endsWith("\n") ? text.slice(0, -1) : text;
  if (engineFd >= 0) writeSync(engineFd, `${line}\n`);
  else console.error(line);
}

/** From now on, writeStderr writes to fd (a duplicate of the real stderr kept by -close_fd_mask). */
export function redirectStderr(fd: number): void {
  engineFd = fd;
}

/** Writes text to stderr exactly as given (no newline added, no console styling): terminal drawing. */
export function writeStderrRaw(text: string): void {
  writeSync(engineFd >= 0 ? engineFd : 2, text);
}
