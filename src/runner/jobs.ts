/**
 * libFuzzer's `-jobs=N -workers=M`: N independent fuzzing jobs, at most M at a time, each a whole
 * campaign with the same arguments (less -jobs and -workers) whose output goes to `fuzz-<i>.log`
 * in the current directory. Jobs share work only through the corpus directory, as libFuzzer's do
 * (each one re-reads it every -reload seconds). The lines printed here are libFuzzer's, measured
 * against clang-14's: the command of each job as it starts, and when it ends
 * `================== Job <i> exited with exit code <c> ============` followed by its log. A job that
 * fails does not stop the others; the exit code is 1 if any job failed, as libFuzzer returns.
 */
import { closeSync, openSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { shellQuote } from "../build/toolchain.ts";
import { writeStderr } from "../util/stderr.ts";

const CLI = join(import.meta.dir, "../cli/main.ts");

/** libFuzzer's default -workers for -jobs: half the cores, at most the number of jobs, at least one. */
export function defaultJobWorkers(jobs: number): number {
  return Math.max(1, Math.min(jobs, Math.floor(availableParallelism() / 2)));
}

/** `argv` (a `bunfuzz fuzz` command line, without the command) less -jobs and -workers. */
export function jobArgs(argv: readonly string[]): string[] {
  return argv.filter((a) => !/^--?(jobs|workers)(=|$)/.test(a));
}

/** Runs the jobs and returns the exit code (0, or 1 if any job exited with another code). */
export async function runJobs(argv: readonly string[], jobs: number, workers: number, verbosity: number): Promise<number> {
  const args = ["fuzz", ...jobArgs(argv)];
  let next = 0, failed = false, stopping = false;
  const running = new Set<Bun.Subprocess>();
  // SIGINT/SIGTERM: pass it on to the running jobs (they stop with their stats) and start no more.
  const stop = (sig: NodeJS.Signals) => { stopping = true; for (const p of running) p.kill(sig); };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const worker = async () => {
    for (let i = next++; i < jobs && !stopping; i = next++) {
      const log = `fuzz-${i}.log`;
      if (verbosity) writeStderr(`bunfuzz ${args.map(shellQuote).join(" ")} >${log} 2>&1\n`);
      const fd = openSync(log, "w");
      let code: number;
      try {
        const p = Bun.spawn([process.execPath, CLI, ...args], { stdio: ["ignore", fd, fd] });
        running.add(p);
        code = await p.exited;
        running.delete(p);
      } finally {
        closeSync(fd);
      }
      if (code !== 0) failed = true;
      writeStderr(`================== Job ${i} exited with exit code ${code} ============\n${readFileSync(log, "utf8")}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, jobs) }, worker));
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  return failed ? 1 : 0;
}
