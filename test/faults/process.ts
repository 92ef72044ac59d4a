/**
 * A bunfuzz process started in the background, for tests that act on it while it runs (signals,
 * kills, a second process on the same directory). Waits are on conditions (a line on stderr, a file
 * count, a child process), never on a clock: the test's own timeout bounds them.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Subprocess } from "bun";
import { CLI } from "../helpers/cli.ts";

export interface Running {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** Everything the process has written to stderr so far. */
  stderr(): string;
  /** Resolves when pred() holds (polled); rejects with the stderr if the process exits first. */
  until(pred: () => boolean, what: string): Promise<void>;
  /** The exit code, once the process has exited, and the whole stderr. */
  done(): Promise<{ code: number; signal: string | null; stderr: string }>;
}

/** Starts `bunfuzz <args>` in cwd. */
export function start(args: string[], cwd: string, env: Record<string, string> = {}, prefix: string[] = []): Running {
  const proc = Bun.spawn([...prefix, process.execPath, CLI, ...args], { cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env } });
  let text = "";
  const decoder = new TextDecoder();
  const pump = (async () => {
    for await (const chunk of proc.stderr) text += decoder.decode(chunk, { stream: true });
  })();
  void new Response(proc.stdout).text();
  let exited = false;
  void proc.exited.then(() => { exited = true; });
  return {
    proc,
    stderr: () => text,
    async until(pred, what) {
      while (!pred()) {
        if (exited) {
          await pump;
          if (pred()) return;
          throw new Error(`bunfuzz exited (code ${proc.exitCode}) before ${what}; its stderr:\n${text}`);
        }
        await Bun.sleep(20);
      }
    },
    async done() {
      const code = await proc.exited;
      await pump;
      return { code, signal: proc.signalCode === null ? null : String(proc.signalCode), stderr: text };
    },
  };
}

/** Entries of a corpus directory (dot files, i.e. writes in progress, left out); [] if it does not exist yet. */
export function entries(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => !f.startsWith("."));
  } catch {
    return [];
  }
}

/** Child pids of pid (from /proc: no tools needed). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try { tasks = readdirSync(`/proc/${pid}/task`); } catch {}
  for (const t of tasks) {
    try {
      const kids = readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim();
      if (kids) out.push(...kids.split(/\s+/).map(Number));
    } catch {}
  }
  return out;
}

/** Whether a process exists (and is not a zombie). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
